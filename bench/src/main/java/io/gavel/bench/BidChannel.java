package io.gavel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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

  /** Bids as REST posts; with {@code keyed}, each with an {@code Idempotency-Key} of its own. */
  static BidChannel rest(Api api, boolean keyed) {
    return new BidChannel() {
      @Override
      public Answer bid(int client, String user, long auctionId, String amount)
          throws IOException, InterruptedException {
        HttpResponse<String> r =
            api.post(
                client,
                "auctions/" + auctionId + "/bids",
                api.token(user),
                "{\"amount\":\"" + amount + "\"}",
                keyed ? UUID.randomUUID().toString() : null);
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

  /**
   * One WebSocket per client thread, the client having one bid in flight at a time. The sockets
   * are {@link WatcherPool}'s, all on one selector thread, rather than the JDK's
   * {@code java.net.http.WebSocket}, whose executor hand-offs per message made the load generator
   * take 0.42 of the machine's 2 cores in session 9's report (2,100 bids judged/s), CPU taken from
   * the server being measured; with these sockets it took 0.13–0.16 cores at 3,200–5,600 judged/s.
   */
  final class WebSocketChannel implements BidChannel, WatcherPool.Listener {
    private final Api api;
    private final WatcherPool pool;
    private final Map<Integer, Integer> socketOfClient = new ConcurrentHashMap<>();
    /** The bid in flight on each socket, by socket index. */
    private final Map<Integer, InFlight> inFlight = new ConcurrentHashMap<>();

    private record InFlight(String requestId, CompletableFuture<String> reply) {}

    WebSocketChannel(Api api) {
      this.api = api;
      try {
        this.pool = new WatcherPool(1, this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void onText(int socket, String text, long receivedNanos) {
      InFlight waiting = inFlight.get(socket);
      // the server also pushes private notices (outbid, won) to a bidder's sockets
      if (waiting != null
          && "bid.result".equals(Api.field(text, "type"))
          && waiting.requestId().equals(Api.field(text, "requestId"))) {
        waiting.reply().complete(text);
      }
    }

    @Override
    public void onClosed(int socket, int code, String reason) {
      InFlight waiting = inFlight.get(socket);
      if (waiting != null) {
        waiting.reply().completeExceptionally(new IOException("closed " + code + " " + reason));
      }
    }

    private int open(String user) throws IOException, InterruptedException {
      URI base = api.base();
      URI uri =
          URI.create(
              "ws://" + base.getHost() + ":" + base.getPort() + "/ws/auctions?access_token="
                  + URLEncoder.encode(api.token(user), StandardCharsets.UTF_8));
      int socket = pool.connect(uri, null);
      try {
        pool.opened(socket).get(15, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        pool.abort(socket);
        throw new IOException("WebSocket handshake failed: " + e, e);
      }
      return socket;
    }

    @Override
    public Answer bid(int client, String user, long auctionId, String amount) throws IOException, InterruptedException {
      Integer socket = socketOfClient.get(client);
      if (socket == null) {
        socket = open(user);
        socketOfClient.put(client, socket);
      }
      String requestId = client + "-" + System.nanoTime();
      CompletableFuture<String> reply = new CompletableFuture<>();
      inFlight.put(socket, new InFlight(requestId, reply));
      String body;
      try {
        pool.send(
            socket,
            "{\"type\":\"bid\",\"requestId\":\"" + requestId + "\",\"auctionId\":\"" + auctionId
                + "\",\"amount\":\"" + amount + "\"}");
        body = reply.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        socketOfClient.remove(client);
        pool.abort(socket);
        throw new IOException("WebSocket bid failed: " + e, e);
      } finally {
        inFlight.remove(socket);
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
      pool.close();
      socketOfClient.clear();
    }
  }
}
