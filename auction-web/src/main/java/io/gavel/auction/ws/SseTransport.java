package io.gavel.auction.ws;

import jakarta.websocket.CloseReason;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server-sent-event stream as a {@link Transport}, for clients that cannot use WebSockets. Each
 * message becomes an event named after its {@code type}, with the message as {@code data} and,
 * for public auction events, the auction's {@code seq} as the event {@code id}: a reconnecting
 * {@code EventSource} sends it back as {@code Last-Event-ID} and is replayed from there.
 */
public final class SseTransport implements Transport {

  private static final Pattern TYPE = Pattern.compile("^\\{\"type\":\"([^\"]+)\"");
  /** The first {@code seq} of a message is its own (a snapshot nests the auction after it). */
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  private final SseEventSink sink;
  private final Sse sse;
  private final String id = "sse-" + UUID.randomUUID();

  public SseTransport(SseEventSink sink, Sse sse) {
    this.sink = sink;
    this.sse = sse;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    OutboundSseEvent.Builder event = sse.newEventBuilder().data(text);
    Matcher type = TYPE.matcher(text);
    if (type.find()) {
      event.name(type.group(1));
    }
    Matcher seq = SEQ.matcher(text);
    if (seq.find()) {
      event.id(seq.group(1));
    }
    write(event.build(), done);
  }

  /** A comment line: invisible to the client, but a write that fails once the client is gone. */
  @Override
  public void ping() {
    write(sse.newEventBuilder().comment("ping").build(), failure -> {});
  }

  private void write(OutboundSseEvent event, Consumer<Throwable> done) {
    try {
      sink.send(event).whenComplete((ok, failure) -> done.accept(failure));
    } catch (IllegalStateException e) {
      done.accept(e);
    }
  }

  @Override
  public void close(CloseReason reason) {
    sink.close();
  }

  @Override
  public boolean oneWay() {
    return true;
  }

  @Override
  public boolean mayBlock() {
    return true;
  }
}
