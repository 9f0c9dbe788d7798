package io.gavel.bench;

import io.gavel.launcher.Platform;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * [--subscribers=10000 --auctions=10 --rates=5,10,20,25 --seconds=30 --warmup=15 --bids=ws|rest --out=...]}; a rate is bids
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
  /** Bids over REST (each request validates its token) or as {@code bid} messages on a socket. */
  private final boolean restBids;
  /** Over the socket: the bidding socket of each auction slot, and what each one waits for. */
  private int[] bidderSockets;
  private final Map<Integer, Integer> slotOfSocket = new ConcurrentHashMap<>();
  private Runnable[] socketBidDone;
  private String[] amounts;
  /** The worst ack→delivery latency (µs) of each second of the current rate, for the log. */
  private final java.util.concurrent.atomic.AtomicLongArray worstBySecond =
      new java.util.concurrent.atomic.AtomicLongArray(600);
  private volatile long rateStartNanos = System.nanoTime();

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BidBenchmark.parse(args);
    Path root = BidBenchmark.repositoryRoot();
    o.putIfAbsent("home", "bench/target/live-platform");
    int subscribers = Integer.parseInt(o.getOrDefault("subscribers", "10000"));
    int auctions = Integer.parseInt(o.getOrDefault("auctions", "10"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "15"));
    boolean restBids = "rest".equals(o.getOrDefault("bids", "ws"));
    List<Integer> rates = new ArrayList<>();
    for (String r : o.getOrDefault("rates", "5,10,20,25").split(",")) {
      rates.add(Integer.parseInt(r.trim()));
    }
    String heap = o.getOrDefault("node-heap", "1g");
    Path out = BidBenchmark.path(root, o.getOrDefault("out", "bench/results/live-latest.md"));
    try (Platform platform = BidBenchmark.platform(root, o, 1, heap)) {
      platform.start();
      new LiveBenchmark(restBids).run(platform, subscribers, auctions, warmup, seconds, rates, heap, out);
    }
  }

  private void run(
      Platform platform, int subscribers, int auctionCount, int warmup, int seconds, List<Integer> rates, String heap,
      Path out)
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
    WatcherPool pool = new WatcherPool(2, this::received);
    Semaphore handshakes = new Semaphore(64);
    long c0 = System.nanoTime();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      long auctionId = auctions[i % auctionCount];
      handshakes.acquire();
      int socket = pool.connect(ws, "{\"type\":\"subscribe\",\"auctionId\":\"" + auctionId + "\"}");
      pending.add(pool.opened(socket).whenComplete((ok, failure) -> handshakes.release()));
    }
    int failed = 0;
    for (CompletableFuture<Void> f : pending) {
      try {
        f.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        failed++;
      }
    }
    int connected = subscribers - failed;
    amounts = new String[auctionCount];
    java.util.Arrays.fill(amounts, "1.00");
    if (!restBids) {
      bidderSockets = new int[auctionCount];
      socketBidDone = new Runnable[auctionCount];
      for (int a = 0; a < auctionCount; a++) {
        URI withToken = URI.create(ws + "?access_token=" + api.token(bidder(a)));
        bidderSockets[a] = pool.connect(withToken, null);
        slotOfSocket.put(bidderSockets[a], a);
        pool.opened(bidderSockets[a]).get(30, TimeUnit.SECONDS);
      }
    }
    double connectSeconds = (System.nanoTime() - c0) / 1e9;
    LOG.log(Level.INFO, "{0} watchers connected in {1} s ({2} failed)",
        new Object[] {connected, Math.round(connectSeconds), failed});
    Thread.sleep(5_000); // snapshots and the first presence messages settle

    StringBuilder md = new StringBuilder();
    md.append("# Real-time benchmark\n\n")
        .append(String.format(Locale.ROOT,
            "- date: %s; machine: %d cores; one Payara node (-Xmx%s); load generator in the same box%n",
            Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), heap))
        .append(String.format(Locale.ROOT,
            "- %d WebSocket watchers (%d failed to connect; %.0f s to connect and subscribe), %d per auction over %d auctions%n",
            connected, failed, connectSeconds, connected / auctionCount, auctionCount))
        .append(String.format(Locale.ROOT,
            "- bids %s at a fixed rate for %d s per rate, after a %d s warm-up at the lowest rate (round robin"
                + " over the auctions, one in flight per auction); messages/s = `bid.placed` received by all watchers"
                + " per second of bidding; latency of `bid.placed` from the bid's 201 (after commit) and from its send,"
                + " to each watcher%n%n",
            restBids ? "over REST" : "as WebSocket `bid` messages (one bidding socket per auction; the 201 is its `bid.result`)",
            seconds, warmup))
        .append("| bids/s | messages/s delivered | ack→delivery p50 | p99 | p99.9 | max | send→delivery p99 | events before their 201 |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    if (warmup > 0) {
      LOG.info("warm-up: " + measure(api, pool, auctions, java.util.Collections.min(rates), warmup));
    }
    for (int rate : rates) {
      md.append(measure(api, pool, auctions, rate, seconds)).append('\n');
    }
    pool.close();
    System.out.println(md);
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  /** One rate: bids for {@code seconds}, then the deliveries' numbers as a table row. */
  private String measure(Api api, WatcherPool pool, long[] auctions, int rate, int seconds) throws Exception {
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
    rateStartNanos = t0;
    for (int i = 0; i < worstBySecond.length(); i++) {
      worstBySecond.set(i, 0);
    }
    clock.scheduleAtFixedRate(() -> {
      int a = (int) (tick.getAndIncrement() % auctions.length);
      if (!inFlight[a].tryAcquire()) {
        return; // the previous bid on this auction is still on its way: skip rather than queue
      }
      if (!restBids) {
        bidOverSocket(pool, a, auctions[a], inFlight[a]::release);
        return;
      }
      bidders.execute(() -> {
        try {
          bid(api, a, auctions[a]);
        } finally {
          inFlight[a].release();
        }
      });
    }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
    Thread.sleep(seconds * 1000L);
    clock.shutdown();
    bidders.shutdown();
    bidders.awaitTermination(30, TimeUnit.SECONDS);
    quiesce(); // the last deliveries
    double elapsed = (System.nanoTime() - t0) / 1e9;
    Histogram ack = fromAck.getIntervalHistogram();
    Histogram send = fromSend.getIntervalHistogram();
    String row = String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s | %s | %d |",
        rate, delivered.get() / (double) seconds, ms(ack, 50), ms(ack, 99), ms(ack, 99.9), ms(ack, 100), ms(send, 99), early.get());
    LOG.info(row);
    StringBuilder worst = new StringBuilder("worst ack→delivery per second (ms):");
    for (int i = 0; i < Math.min(worstBySecond.length(), (int) elapsed); i++) {
      worst.append(' ').append(worstBySecond.get(i) / 1000);
    }
    LOG.info(worst.toString());
    return row;
  }

  /** Waits until no {@code bid.placed} arrived for a second (at most 60 s): the backlog is out. */
  private void quiesce() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long before;
    do {
      before = delivered.get();
      Thread.sleep(1_000);
    } while (delivered.get() != before && System.nanoTime() < deadline);
  }

  private static String bidder(int slot) {
    return slot % 2 == 0 ? "alice" : "bob";
  }

  /** Sends a {@code bid} message on the slot's socket; its {@code bid.result} runs {@code done}. */
  private void bidOverSocket(WatcherPool pool, int a, long auctionId, Runnable done) {
    long sent = System.nanoTime();
    inFlightSince.put(String.valueOf(auctionId), sent);
    socketBidDone[a] = done;
    pool.send(bidderSockets[a], "{\"type\":\"bid\",\"requestId\":\"" + sent + "\",\"auctionId\":\"" + auctionId
        + "\",\"amount\":\"" + amounts[a] + "\"}");
  }

  /** The {@code bid.result} on a bidding socket: the bid's acknowledgement. */
  private void bidResult(int a, String text, long now) {
    String next = Api.field(text, "nextMinimumBid");
    if (next != null) {
      amounts[a] = next;
    }
    if (Api.field(text, "code") == null) {
      String auctionId = Api.field(text, "auctionId");
      bids.put(auctionId + "/" + Api.field(text, "seq"), new Sent(inFlightSince.get(auctionId), now));
    }
    socketBidDone[a].run();
  }

  private void bid(Api api, int a, long auctionId) {
    try {
      long sent = System.nanoTime();
      inFlightSince.put(String.valueOf(auctionId), sent);
      HttpResponse<String> r =
          api.post(a, "auctions/" + auctionId + "/bids", api.token(bidder(a)),
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

  /** Every message of every watcher: records the latency of each {@code bid.placed}. */
  private void received(int socket, String text, long now) {
    if (text.startsWith("{\"type\":\"bid.result\"")) {
      Integer slot = slotOfSocket.get(socket);
      if (slot != null) {
        bidResult(slot, text, now);
      }
      return;
    }
    if (!text.startsWith("{\"type\":\"bid.placed\"")) {
      return;
    }
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
      long micros = Math.max(0, (now - sent.ackNanos()) / 1000);
      fromAck.recordValue(micros);
      int second = (int) ((now - rateStartNanos) / 1_000_000_000L);
      if (second >= 0 && second < worstBySecond.length()) {
        worstBySecond.accumulateAndGet(second, micros, Math::max);
      }
      fromSend.recordValue((now - sent.sentNanos()) / 1000);
    }
  }

  private LiveBenchmark(boolean restBids) {
    this.restBids = restBids;
  }
}
