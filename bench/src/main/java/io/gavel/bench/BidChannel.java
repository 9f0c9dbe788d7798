package io.gavel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the benchmark's bids reach the server: {@code POST /auctions/{id}/bids} over REST, or the
 * contract's WebSocket {@code bid} message answered by {@code bid.result} (one connection per
 * client, token checked once at the handshake, which is how live bidders bid).
 */
interface BidChannel extends AutoCloseable {

  /** A bid's answer as an HTTP-like status (201 accepted, else the problem's status) and its body. */
  record Answer(int status, String body) {}

  Answer bid(int client, String user, long auctionId, String amount) throws IOException, InterruptedException;

  /** Appended to scenario names: "" for REST. */
  String label();

  @Override
  default void close() {}

  static BidChannel rest(Api api) {
    return new BidChannel() {
      @Override
      public Answer bid(int client, String user, long auctionId, String amount)
          throws IOException, InterruptedException {
        HttpResponse<String> r =
            api.post(client, "auctions/" + auctionId + "/bids", api.token(user), "{\"amount\":\"" + amount + "\"}");
        return new Answer(r.statusCode(), r.body());
      }

      @Override
      public String label() {
        return "";
      }
    };
  }

  static BidChannel webSocket(Api api) {
    return new WebSocketChannel(api);
  }

  /** One WebSocket per client thread; the client has one bid in flight at a time. */
  final class WebSocketChannel implements BidChannel {
    private final Api api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();

    WebSocketChannel(Api api) {
      this.api = api;
    }

    private static final class Connection implements WebSocket.Listener {
      final StringBuilder text = new StringBuilder();
      volatile CompletableFuture<String> reply;
      WebSocket socket;
      long requests;

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          String message = text.toString();
          text.setLength(0);
          CompletableFuture<String> r = reply;
          // the server also pushes private notices (outbid, won) to a bidder's sockets
          if (r != null && "bid.result".equals(Api.field(message, "type"))) {
            r.complete(message);
          }
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        CompletableFuture<String> r = reply;
        if (r != null) {
          r.completeExceptionally(new IOException("closed " + status + " " + reason));
        }
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        CompletableFuture<String> r = reply;
        if (r != null) {
          r.completeExceptionally(error);
        }
      }
    }

    private Connection open(String user) throws IOException, InterruptedException {
      URI base = api.base();
      URI uri =
          URI.create(
              "ws://" + base.getHost() + ":" + base.getPort() + "/ws/auctions?access_token="
                  + URLEncoder.encode(api.token(user), StandardCharsets.UTF_8));
      Connection c = new Connection();
      try {
        c.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, c).get(15, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("WebSocket handshake failed: " + e, e);
      }
      return c;
    }

    @Override
    public Answer bid(int client, String user, long auctionId, String amount) throws IOException, InterruptedException {
      Connection c = connections.get(client);
      if (c == null) {
        c = open(user);
        connections.put(client, c);
      }
      String requestId = client + "-" + (++c.requests);
      CompletableFuture<String> reply = new CompletableFuture<>();
      c.reply = reply;
      String message =
          "{\"type\":\"bid\",\"requestId\":\"" + requestId + "\",\"auctionId\":\"" + auctionId + "\",\"amount\":\""
              + amount + "\"}";
      String body;
      try {
        c.socket.sendText(message, true).get(30, TimeUnit.SECONDS);
        body = reply.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        connections.remove(client);
        c.socket.abort();
        throw new IOException("WebSocket bid failed: " + e, e);
      } finally {
        c.reply = null;
      }
      if (!requestId.equals(Api.field(body, "requestId"))) {
        throw new IOException("answer to another request: " + body);
      }
      if (Api.field(body, "bidId") != null) {
        return new Answer(201, body);
      }
      String status = Api.field(body, "status");
      return new Answer(status == null ? 400 : Integer.parseInt(status), body);
    }

    @Override
    public String label() {
      return " over WebSocket";
    }

    @Override
    public void close() {
      connections.values().forEach(c -> c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
      connections.clear();
    }
  }
}
