package io.gavel.bench;

import io.gavel.launcher.Platform;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;

/**
 * The closing benchmark of the lifecycle: lists many auctions whose ends fall uniformly within
 * one window (10,000 in one minute by default), a share of them with a bid, waits for the window
 * to pass, and reads from the database how late each closed: {@code closed_at - ends_at}, the
 * instant the result was recorded against the instant bidding ended. Also counts the {@code
 * auction.closed} events per auction (exactly one each) and anything left unclosed.
 *
 * <p>Run: {@code java -cp bench/target/gavel-bench.jar io.gavel.bench.ClosingBenchmark
 * [--auctions=10000 --window-seconds=60 --lead-seconds=240 --bid-share=10 --nodes=1
 * --create-clients=16 --out=bench/results/closing-latest.md]}.
 */
public final class ClosingBenchmark {

  private static final Logger LOG = Logger.getLogger(ClosingBenchmark.class.getName());

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BidBenchmark.parse(args);
    Path root = BidBenchmark.repositoryRoot();
    int auctions = Integer.parseInt(o.getOrDefault("auctions", "10000"));
    int window = Integer.parseInt(o.getOrDefault("window-seconds", "60"));
    int lead = Integer.parseInt(o.getOrDefault("lead-seconds", "240"));
    int bidShare = Integer.parseInt(o.getOrDefault("bid-share", "10"));
    int nodes = Integer.parseInt(o.getOrDefault("nodes", "1"));
    int createClients = Integer.parseInt(o.getOrDefault("create-clients", "16"));
    String heap = o.getOrDefault("node-heap", "768m");
    Path out = BidBenchmark.path(root, o.getOrDefault("out", "bench/results/closing-latest.md"));

    // a platform of its own, started empty: auctions left over from earlier runs would be closed
    // (as overdue) during the measurement
    o.putIfAbsent("home", "bench/target/closing-platform");
    Path home = BidBenchmark.path(root, o.get("home"));
    if (Files.exists(home)) {
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    try (Platform platform = BidBenchmark.platform(root, o, nodes, heap)) {
      platform.start();
      Api api = new Api(platform.nodeUri(0), platform.keycloakUri(), 8);
      for (String user : List.of("sam", "alice")) {
        api.get("me", api.token(user));
      }
      Instant windowStart = Instant.now().plusSeconds(lead).truncatedTo(ChronoUnit.SECONDS);
      long[] ids = new long[auctions];
      AtomicInteger next = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      long c0 = System.nanoTime();
      List<Thread> creators = new ArrayList<>();
      for (int c = 0; c < createClients; c++) {
        int client = c;
        Thread t =
            new Thread(
                () -> {
                  int i;
                  while (errors.get() < 100 && (i = next.getAndIncrement()) < auctions) {
                    Instant end = windowStart.plusMillis((long) i * window * 1000 / auctions);
                    ids[i] = create(api, client, i, end, i % 100 < bidShare, errors);
                  }
                },
                "creator-" + c);
        creators.add(t);
        t.start();
      }
      for (Thread t : creators) {
        t.join();
      }
      double createSeconds = (System.nanoTime() - c0) / 1e9;
      long[] listed = Arrays.stream(ids).filter(id -> id > 0).toArray();
      Instant created = Instant.now();
      LOG.log(Level.INFO, "{0} auctions listed in {1} s; the window opens at {2}",
          new Object[] {listed.length, Math.round(createSeconds), windowStart});
      if (created.isAfter(windowStart)) {
        LOG.warning("listing overran the lead time; raise --lead-seconds for a clean measurement");
      }
      Instant done = windowStart.plusSeconds(window + 15);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), done).toMillis()));

      Histogram lateness = new Histogram(3_600_000L, 3);
      int open = 0;
      int wrongEvents = 0;
      try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.dbUser(), platform.dbPassword());
          PreparedStatement q =
              db.prepareStatement(
                  "SELECT a.id, a.status, a.ends_at, a.closed_at, (SELECT COUNT(*) FROM auction_events e"
                      + " WHERE e.auction_id = a.id AND e.type = 'auction.closed') FROM auctions a"
                      + " WHERE a.id BETWEEN ? AND ? AND a.title LIKE 'Closing lot %'")) {
        q.setLong(1, Arrays.stream(listed).min().orElse(0));
        q.setLong(2, Arrays.stream(listed).max().orElse(0));
        try (ResultSet rows = q.executeQuery()) {
          while (rows.next()) {
            LocalDateTime closedAt = rows.getObject(4, LocalDateTime.class);
            if (!"CLOSED".equals(rows.getString(2)) || closedAt == null) {
              open++;
              continue;
            }
            if (rows.getInt(5) != 1) {
              wrongEvents++;
            }
            Instant ends = rows.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC);
            long ms = Duration.between(ends, closedAt.toInstant(ZoneOffset.UTC)).toMillis();
            lateness.recordValue(Math.max(0, ms));
          }
        }
      }
      String md =
          String.format(
              Locale.ROOT,
              "# Closing benchmark%n%n"
                  + "- date: %s; machine: %d cores; Payara nodes: %d (-Xmx%s)%n"
                  + "- %d auctions (of %d requested; %d listing errors) listed in %.0f s, ending uniformly within %d s"
                  + " from %s; %d %% of them with one bid%n"
                  + "- lateness = closed_at - ends_at, from the database after the window%n%n"
                  + "| closed | not closed | auction.closed events != 1 | p50 ms | p99 ms | max ms |%n"
                  + "|---:|---:|---:|---:|---:|---:|%n"
                  + "| %d | %d | %d | %d | %d | %d |%n",
              Instant.now().truncatedTo(ChronoUnit.SECONDS),
              Runtime.getRuntime().availableProcessors(),
              nodes,
              heap,
              listed.length,
              auctions,
              errors.get(),
              createSeconds,
              window,
              windowStart,
              bidShare,
              lateness.getTotalCount(),
              open,
              wrongEvents,
              lateness.getValueAtPercentile(50),
              lateness.getValueAtPercentile(99),
              lateness.getMaxValue());
      System.out.println(md);
      Files.createDirectories(out.getParent());
      Files.writeString(out, md);
    }
  }

  /** Lists one auction (category 6, Collectibles: no minimum duration to speak of; starting price 10.00) ending at {@code end}; -1 on failure. */
  private static long create(Api api, int client, int i, Instant end, boolean withBid, AtomicInteger errors) {
    try {
      String body =
          "{\"title\":\"Closing lot " + i + "\",\"categoryId\":\"6\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
              + "\"startingPrice\":\"10.00\",\"endsAt\":\"" + end + "\"}";
      HttpResponse<String> r = api.post(client, "auctions", api.token("sam"), body);
      if (r.statusCode() != 201) {
        LOG.log(Level.WARNING, "create: HTTP {0} {1}", new Object[] {r.statusCode(), r.body()});
        errors.incrementAndGet();
        return -1;
      }
      long id = Long.parseLong(Api.field(r.body(), "id"));
      if (withBid) {
        api.post(client, "auctions/" + id + "/bids", api.token("alice"), "{\"amount\":\"10.00\"}");
      }
      return id;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      LOG.log(Level.WARNING, "create: {0}", e.toString());
      errors.incrementAndGet();
      return -1;
    }
  }

  private ClosingBenchmark() {}
}
