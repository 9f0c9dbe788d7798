package io.gavel.auction.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.gavel.auction.entity.AuctionEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.jms.StreamMessage;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMessagesTest {

  @Test
  void aBatchTravelsAsOneMessageWithItsEventsThenItsNoticesInOrder() throws Exception {
    Instant now = Instant.parse("2026-11-26T20:00:00Z");
    List<AuctionEvent> events =
        List.of(
            new AuctionEvent(7, 41, "bid.placed", "{\"seq\":41}", now),
            new AuctionEvent(9, 3, "bid.placed", "{\"seq\":3}", now),
            new AuctionEvent(7, 42, "auction.extended", "{\"seq\":42}", now));
    List<AuctionEventLog.Notice> notices =
        List.of(
            new AuctionEventLog.Notice("bob", 7, "outbid", price("12.50")),
            new AuctionEventLog.Notice("carol", 9, "outbid", price("10.50")));
    StreamMessage message = streamMessage();

    EventMessages.write(message, events, notices);

    assertThat(message.getIntProperty(EventMessages.PROPERTY_COUNT)).isEqualTo(5);
    assertThat(readAll(message))
        .containsExactly(
            "event 7 41 bid.placed {\"seq\":41}",
            "event 9 3 bid.placed {\"seq\":3}",
            "event 7 42 auction.extended {\"seq\":42}",
            "notice bob 7 outbid"
                + " {\"type\":\"outbid\",\"auctionId\":\"7\",\"currentPrice\":\"12.50\"}",
            "notice carol 9 outbid"
                + " {\"type\":\"outbid\",\"auctionId\":\"9\",\"currentPrice\":\"10.50\"}");
  }

  @Test
  void aTransactionThatPublishedNothingReadsAsNothing() throws Exception {
    StreamMessage message = streamMessage();
    EventMessages.write(message, List.of(), List.of());
    assertThat(readAll(message)).isEmpty();
  }

  private static JsonObject price(String currentPrice) {
    return Json.createObjectBuilder().add("currentPrice", currentPrice).build();
  }

  /** Every entry of {@code message}, in the order the reader was handed them, as one line each. */
  private static List<String> readAll(StreamMessage message) throws Exception {
    List<String> read = new ArrayList<>();
    EventMessages.read(
        message,
        new EventMessages.Reader() {
          @Override
          public void event(long auctionId, long seq, String type, String json) {
            read.add("event " + auctionId + " " + seq + " " + type + " " + json);
          }

          @Override
          public void notice(String userId, long auctionId, String type, String json) {
            read.add("notice " + userId + " " + auctionId + " " + type + " " + json);
          }
        });
    return read;
  }

  /**
   * A stream message that keeps what is written, in order, and reads it back in the same order,
   * as the broker's does; int properties are kept by name. Anything else is unsupported.
   */
  private static StreamMessage streamMessage() {
    List<Object> values = new ArrayList<>();
    int[] next = {0};
    Map<String, Object> properties = new HashMap<>();
    return (StreamMessage)
        Proxy.newProxyInstance(
            EventMessagesTest.class.getClassLoader(),
            new Class<?>[] {StreamMessage.class},
            (proxy, method, args) -> {
              String name = method.getName();
              if (name.startsWith("write")) {
                values.add(args[0]);
                return null;
              }
              if (name.startsWith("read")) {
                return values.get(next[0]++);
              }
              return switch (name) {
                case "setIntProperty" -> properties.put((String) args[0], args[1]);
                case "getIntProperty" -> properties.get((String) args[0]);
                default -> throw new UnsupportedOperationException(name);
              };
            });
  }
}
