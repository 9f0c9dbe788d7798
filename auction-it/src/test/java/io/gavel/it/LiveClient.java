package io.gavel.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client of {@code /ws/auctions} that collects every message it receives. */
public final class LiveClient implements AutoCloseable {

  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
  private final WebSocket socket;

  private LiveClient(URI uri, String token) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (token != null) {
      builder.subprotocols("bearer", token);
    }
    socket =
        builder
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, new Collector())
            .join();
  }

  /** Connects to node {@code i}, as {@code user} (null: anonymous). */
  public static LiveClient connect(int node, String user) {
    return connectWithToken(node, user == null ? null : Tokens.of(user));
  }

  /** Completes with "code reason" when the server closes the connection. */
  public java.util.concurrent.CompletableFuture<String> closed() {
    return closed;
  }

  /** Whether a matching message arrives within {@code timeout} (others are skipped). */
  public boolean receives(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
    try {
      await(match, timeout);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Connects to node {@code i} presenting {@code token} as the {@code bearer} subprotocol. */
  public static LiveClient connectWithToken(int node, String token) {
    return new LiveClient(uri(node), token);
  }

  /** Connects to node {@code i} presenting {@code token} as the {@code access_token} query parameter. */
  public static LiveClient connectWithTokenInQuery(int node, String token) {
    return new LiveClient(URI.create(uri(node) + "?access_token=" + token), null);
  }

  /** The WebSocket endpoint of node {@code i}. */
  public static URI uri(int node) {
    URI http = SharedPlatform.node(node);
    return URI.create("ws://" + http.getHost() + ":" + http.getPort() + "/ws/auctions");
  }

  public void send(JsonObject message) {
    sendText(message.toString());
  }

  /** Sends {@code text} as it is, valid JSON or not. */
  public void sendText(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends {@code message}; false when the connection is already closed. */
  public boolean trySend(JsonObject message) {
    try {
      send(message);
      return true;
    } catch (java.util.concurrent.CompletionException e) {
      return false;
    }
  }

  public void subscribe(String auctionId) {
    send(Json.createObjectBuilder().add("type", "subscribe").add("auctionId", auctionId).build());
  }

  /** The next received message that matches, waiting at most {@code timeout}; skips others. */
  public JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject next = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("no matching message within " + timeout);
      }
      if (match.test(next)) {
        return next;
      }
    }
  }

  /** Every message received up to and including the first that matches, in arrival order. */
  public java.util.List<JsonObject> collectUntil(Predicate<JsonObject> match, Duration timeout)
      throws InterruptedException {
    java.util.List<JsonObject> seen = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject next = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("no matching message within " + timeout + "; saw " + seen);
      }
      seen.add(next);
      if (match.test(next)) {
        return seen;
      }
    }
  }

  public static Predicate<JsonObject> type(String type) {
    return m -> type.equals(m.getString("type", null));
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(Json.createReader(new StringReader(partial.toString())).readObject());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete("error " + error);
    }
  }
}
