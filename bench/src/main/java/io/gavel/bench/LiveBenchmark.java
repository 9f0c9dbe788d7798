package io.gavel.bench;

import io.gavel.launcher.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The real-time benchmark: {@code --subscribers} WebSocket watchers (default 10,000) on one node,
 * spread evenly over {@code --auctions} auctions (10), while bids are placed over REST at fixed
 * rates; every accepted bid becomes one {@code bid.placed} per watcher of its auction. For each
 * rate it reports the messages delivered per second and the delivery latency of {@code
 * bid.placed}, measured in this JVM from the moment the bid's {@code 201} arrived (the bid had
 * committed by then) to the moment each watcher received the event, and, as an upper bound, from
 * the moment the bid was sent.
 *
 * <p>Run: {@code java -cp bench/target/gavel-bench.jar io.gavel.bench.LiveBenchmark
 * [--subscribers=10000 --auctions=10 --rates=2,5,10,20 --seconds=30 --out=...]}; a rate is bids
 * per second over all auctions, so 20 bids/s with 1,000 watchers each is 20,000 messages/s.
 */
public final class LiveBenchmark {

  private static final Logger LOG = Logger.getLogger(LiveBenchmark.class.getName());

  /** When each bid (auction, seq) was sent and acknowledged, in nanoTime. */
  private record Sent(long sentNanos, long ackNanos) {}

  private final Map<String, Sent> bids = new ConcurrentHashMap<>();
  /** The send time of each auction's bid in flight (one at a time per auction). */
  private final Map<String, Long> inFlightSince = new ConcurrentHashMap<>();
  private final Recorder fromAck = new Recorder(60_000_000L, 3);
  private final Recorder fromSend = new Recorder(60_000_000L, 3);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong early = new AtomicLong();

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BidBenchmark.parse(args);
    Path root = BidBenchmark.repositoryRoot();
    o.putIfAbsent("home", "bench/target/live-platform");
    int subscribers = Integer.parseInt(o.getOrDefault("subscribers", "10000"));
    int auctions = Integer.parseInt(o.getOrDefault("auctions", "10"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
    List<Integer> rates = new ArrayList<>();
    for (String r : o.getOrDefault("rates", "2,5,10,20").split(",")) {
      rates.add(Integer.parseInt(r.trim()));
    }
    String heap = o.getOrDefault("node-heap", "1g");
    Path out = BidBenchmark.path(root, o.getOrDefault("out", "bench/results/live-latest.md"));
    try (Platform platform = BidBenchmark.platform(root, o, 1, heap)) {
      platform.start();
      new LiveBenchmark().run(platform, subscribers, auctions, seconds, rates, heap, out);
    }
  }

  private void run(
      Platform platform, int subscribers, int auctionCount, int seconds, List<Integer> rates, String heap, Path out)
      throws Exception {
    Api api = new Api(platform.nodeUri(0), platform.keycloakUri(), 4);
    for (String user : List.of("sam", "alice", "bob")) {
      api.get("me", api.token(user));
    }
    String endsAt = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    long[] auctions = new long[auctionCount];
    for (int i = 0; i < auctionCount; i++) {
      HttpResponse<String> r =
          api.post(0, "auctions", api.token("sam"),
              "{\"title\":\"Live lot " + i + "\",\"categoryId\":\"4\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
                  + "\"startingPrice\":\"1.00\",\"endsAt\":\"" + endsAt + "\"}");
      auctions[i] = Long.parseLong(Api.field(r.body(), "id"));
    }

    URI node = platform.nodeUri(0);
    URI ws = URI.create("ws://" + node.getHost() + ":" + node.getPort() + "/ws/auctions");
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      clients.add(HttpClient.newHttpClient());
    }
    List<WebSocket> sockets = new ArrayList<>();
    Semaphore handshakes = new Semaphore(64);
    long c0 = System.nanoTime();
    List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      long auctionId = auctions[i % auctionCount];
      handshakes.acquire();
      pending.add(
          clients.get(i % clients.size()).newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(30))
              .buildAsync(ws, new Watcher())
              .whenComplete((socket, failure) -> {
                handshakes.release();
                if (socket != null) {
                  socket.sendText("{\"type\":\"subscribe\",\"auctionId\":\"" + auctionId + "\"}", true);
                }
              }));
    }
    int failed = 0;
    for (CompletableFuture<WebSocket> f : pending) {
      try {
        sockets.add(f.get(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        failed++;
      }
    }
    double connectSeconds = (System.nanoTime() - c0) / 1e9;
    LOG.log(Level.INFO, "{0} watchers connected in {1} s ({2} failed)",
        new Object[] {sockets.size(), Math.round(connectSeconds), failed});
    Thread.sleep(5_000); // snapshots and the first presence messages settle

    StringBuilder md = new StringBuilder();
    md.append("# Real-time benchmark\n\n")
        .append(String.format(Locale.ROOT,
            "- date: %s; machine: %d cores; one Payara node (-Xmx%s); load generator in the same box%n",
            Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), heap))
        .append(String.format(Locale.ROOT,
            "- %d WebSocket watchers (%d failed to connect; %.0f s to connect and subscribe), %d per auction over %d auctions%n",
            sockets.size(), failed, connectSeconds, sockets.size() / auctionCount, auctionCount))
        .append("- bids over REST at a fixed rate (round robin over the auctions, one in flight per auction);"
            + " latency of `bid.placed` from the bid's 201 (after commit) and from its send, to each watcher\n\n")
        .append("| bids/s | messages/s delivered | ack→delivery p50 | p99 | p99.9 | max | send→delivery p99 | events before their 201 |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    String[] amounts = new String[auctionCount];
    java.util.Arrays.fill(amounts, "1.00");
    for (int rate : rates) {
      md.append(measure(api, auctions, amounts, rate, seconds)).append('\n');
    }
    for (WebSocket s : sockets) {
      s.abort();
    }
    System.out.println(md);
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  /** One rate: bids for {@code seconds}, then the deliveries' numbers as a table row. */
  private String measure(Api api, long[] auctions, String[] amounts, int rate, int seconds) throws Exception {
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    java.util.concurrent.ExecutorService bidders = Executors.newFixedThreadPool(auctions.length);
    Semaphore[] inFlight = new Semaphore[auctions.length];
    for (int i = 0; i < auctions.length; i++) {
      inFlight[i] = new Semaphore(1);
    }
    AtomicLong tick = new AtomicLong();
    fromAck.getIntervalHistogram();
    fromSend.getIntervalHistogram();
    delivered.set(0);
    early.set(0);
    long t0 = System.nanoTime();
    clock.scheduleAtFixedRate(() -> {
      int a = (int) (tick.getAndIncrement() % auctions.length);
      if (!inFlight[a].tryAcquire()) {
        return; // the previous bid on this auction is still on its way: skip rather than queue
      }
      bidders.execute(() -> {
        try {
          bid(api, a, auctions[a], amounts);
        } finally {
          inFlight[a].release();
        }
      });
    }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
    Thread.sleep(seconds * 1000L);
    clock.shutdown();
    bidders.shutdown();
    bidders.awaitTermination(30, TimeUnit.SECONDS);
    Thread.sleep(2_000); // the last deliveries
    double elapsed = (System.nanoTime() - t0) / 1e9;
    Histogram ack = fromAck.getIntervalHistogram();
    Histogram send = fromSend.getIntervalHistogram();
    String row = String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s | %s | %d |",
        rate, delivered.get() / elapsed, ms(ack, 50), ms(ack, 99), ms(ack, 99.9), ms(ack, 100), ms(send, 99), early.get());
    LOG.info(row);
    return row;
  }

  private void bid(Api api, int a, long auctionId, String[] amounts) {
    try {
      long sent = System.nanoTime();
      inFlightSince.put(String.valueOf(auctionId), sent);
      HttpResponse<String> r =
          api.post(a, "auctions/" + auctionId + "/bids", api.token(a % 2 == 0 ? "alice" : "bob"),
              "{\"amount\":\"" + amounts[a] + "\"}");
      long ack = System.nanoTime();
      String next = Api.field(r.body(), "nextMinimumBid");
      if (next != null) {
        amounts[a] = next;
      }
      if (r.statusCode() == 201) {
        bids.put(auctionId + "/" + Api.field(r.body(), "seq"), new Sent(sent, ack));
      }
    } catch (Exception e) {
      LOG.log(Level.WARNING, "bid failed: {0}", e.toString());
    }
  }

  private static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0
        ? "–"
        : String.format(Locale.ROOT, "%.1f ms", h.getValueAtPercentile(percentile) / 1000.0);
  }

  /** One watcher: records the latency of every {@code bid.placed} it receives. */
  private final class Watcher implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (text.startsWith("{\"type\":\"bid.placed\"")) {
          String auctionId = Api.field(text, "auctionId");
          Sent sent = bids.get(auctionId + "/" + Api.field(text, "seq"));
          delivered.incrementAndGet();
          if (sent == null) {
            // the event beat its own 201 here: only the send time of the bid in flight is known
            early.incrementAndGet();
            Long since = inFlightSince.get(auctionId);
            if (since != null) {
              fromSend.recordValue((now - since) / 1000);
            }
          } else {
            fromAck.recordValue(Math.max(0, (now - sent.ackNanos()) / 1000));
            fromSend.recordValue((now - sent.sentNanos()) / 1000);
          }
        }
      }
      socket.request(1);
      return null;
    }
  }

  private LiveBenchmark() {}
}
