package io.gavel.bench;

import io.gavel.launcher.Platform;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;

/**
 * The bid-path benchmark: starts the platform (or uses a running one), creates the auctions
 * through the API, runs (a) Zipf-skewed bids over many auctions and (b) one hot auction at a few
 * client counts, measures (c) the database's raw durable-commit rate as the yardstick and (d) the
 * rate of bare two-phase commits of a batch's shape over the same database and broker ({@link
 * XaYardstick}), counts the batch transactions of each scenario, samples the node while (a) runs,
 * and writes a markdown report to stdout and {@code bench/results/latest.md}.
 *
 * <p>Options ({@code --name=value}): see {@link #USAGE}.
 */
public final class BidBenchmark {

  private static final Logger LOG = Logger.getLogger(BidBenchmark.class.getName());

  static final String USAGE =
      String.join(
          "\n",
          "java -jar bench/target/gavel-bench.jar [--option=value ...]",
          "  --auctions=10000        ENGLISH auctions for scenario (a)",
          "  --create-clients=16     concurrent clients creating them",
          "  --zipf=1.0              Zipf exponent of bids over the auctions",
          "  --clients=16,32,64      client threads for (a), one run each (the curve)",
          "  --hot-clients=32,64     client threads for (b) one hot auction",
          "  --spread=0 --hot-spread=10   bidders bid the next minimum plus 0..N increments, (a) and (b)",
          "  --bidders=N             bid as N users bench-bidder-01.., created in Keycloak when missing",
          "                          (default: the largest client count; 0: the five demo bidders alice..erin)",
          "  --keycloak-admin=admin --keycloak-admin-password=admin-dev-pw   to create them",
          "  --transports=rest,ws    bid over REST posts and/or WebSocket bid messages, (a) and (b) for each",
          "  --idempotency-keys=false   every REST bid with an Idempotency-Key of its own",
          "  --warmup=60 --measure=30   seconds per run (on 2 cores the node's JIT takes minutes)",
          "  --commit-seconds=10     per thread count of the JDBC yardstick (c): 1 and each --clients value;",
          "                          also the XA yardstick (d), after 5 s of warm-up",
          "  --profile-samples=4     jstack samples of the node during the (a) run with --profile-clients",
          "  --profile-clients=N     default: the largest --clients value",
          "  --home=bench/target/platform --dist=launcher/target/dist --node-heap=768m",
          "  --target=http://127.0.0.1:8080 --keycloak=http://127.0.0.1:8180   use a running instance, then",
          "  --jdbc-url=... --db-user=... --db-password=...   for the yardstick, --node-pid=N for the profile",
          "  --broker-url=tcp://... --broker-user=... --broker-password=...   for the XA yardstick (d)",
          "  --out=bench/results/latest.md");

  /** Unmeasured rounds before the XA yardstick counts: the first seconds run interpreted code. */
  private static final Duration XA_WARMUP = Duration.ofSeconds(5);

  private static final List<String> DEMO_BIDDERS = List.of("alice", "bob", "carol", "dave", "erin");

  public static void main(String[] args) throws Exception {
    Map<String, String> o = parse(args);
    if (o.containsKey("help")) {
      System.out.println(USAGE);
      return;
    }
    Path root = repositoryRoot();
    Platform platform = null;
    try {
      URI node;
      URI keycloak;
      String jdbcUrl = o.get("jdbc-url");
      String dbUser = o.get("db-user");
      String dbPassword = o.get("db-password");
      BrokerAccess broker =
          o.containsKey("broker-url")
              ? new BrokerAccess(o.get("broker-url"), o.get("broker-user"), o.get("broker-password"))
              : null;
      Map<String, Long> pids = new LinkedHashMap<>();
      String nodeHeap = o.getOrDefault("node-heap", "768m");
      if (o.containsKey("target")) {
        node = URI.create(o.get("target"));
        keycloak = URI.create(o.getOrDefault("keycloak", "http://127.0.0.1:8180"));
        if (o.containsKey("node-pid")) {
          pids.put("node0", Long.parseLong(o.get("node-pid")));
        }
        nodeHeap = "(external)";
      } else {
        platform = platform(root, o, 1, nodeHeap);
        long t0 = System.nanoTime();
        platform.start();
        LOG.log(Level.INFO, "platform up in {0} s", (System.nanoTime() - t0) / 1_000_000_000);
        node = platform.nodeUri(0);
        keycloak = platform.keycloakUri();
        jdbcUrl = platform.jdbcUrl();
        dbUser = platform.dbUser();
        dbPassword = platform.dbPassword();
        broker = new BrokerAccess(platform.brokerUri(), platform.brokerUser(), platform.brokerPassword());
        pids.putAll(platform.pids());
      }
      run(o, root, node, keycloak, jdbcUrl, dbUser, dbPassword, broker, pids, nodeHeap);
    } finally {
      if (platform != null) {
        platform.close();
      }
    }
  }

  /**
   * The benchmark's own platform, on ports apart from the run command's and the tests': the
   * per-bidder, per-connection, per-user and per-address rate limits are lifted, because a handful of demo users and
   * connections stand in for thousands of bidders and the limits would otherwise measure
   * themselves.
   */
  static Platform platform(Path root, Map<String, String> o, int nodes, String nodeHeap) {
    Platform.Builder builder = Platform.builder()
        .home(path(root, o.getOrDefault("home", "bench/target/platform")))
        .distribution(path(root, o.getOrDefault("dist", "launcher/target/dist")))
        .databasePort(3347)
        .brokerPort(61656)
        .brokerConsolePort(0)
        .keycloakPort(8220)
        .keycloakManagementPort(9220)
        .nodes(nodes)
        .httpPort(8121)
        .hazelcastPort(5930)
        .clusterName("gavel-bench")
        .nodeHeap(nodeHeap)
        .nodeProperty("gavel.bidding.rate-per-second", "1000000")
        .nodeProperty("gavel.bidding.rate-burst", "1000000")
        .nodeProperty("gavel.ws.rate-per-second", "1000000")
        .nodeProperty("gavel.ws.rate-burst", "1000000")
        // the load generator lists thousands of lots as one seller, from one address
        .nodeProperty("gavel.rate.unlimited-addresses", "127.0.0.1")
        .nodeProperty("gavel.rate.user.per-second", "1000000")
        .nodeProperty("gavel.rate.user.burst", "1000000");
    // --D.<key>=<value> sets a system property of the node, e.g. --D.gavel.bidding.workers=4
    o.forEach((key, value) -> {
      if (key.startsWith("D.")) {
        builder.nodeProperty(key.substring(2), value);
      }
    });
    return builder.build();
  }

  private static void run(
      Map<String, String> o, Path root, URI node, URI keycloak, String jdbcUrl, String dbUser, String dbPassword,
      BrokerAccess broker, Map<String, Long> pids, String nodeHeap)
      throws Exception {
    int auctions = Integer.parseInt(o.getOrDefault("auctions", "10000"));
    int createClients = Integer.parseInt(o.getOrDefault("create-clients", "16"));
    double s = Double.parseDouble(o.getOrDefault("zipf", "1.0"));
    int[] clients = ints(o.getOrDefault("clients", "16,32,64"));
    int[] hotClients = ints(o.getOrDefault("hot-clients", "32,64"));
    int spread = Integer.parseInt(o.getOrDefault("spread", "0"));
    List<String> transports = List.of(o.getOrDefault("transports", "rest,ws").split(","));
    boolean keyed = Boolean.parseBoolean(o.getOrDefault("idempotency-keys", "false"));
    for (String t : transports) {
      if (!t.equals("rest") && !t.equals("ws")) {
        throw new IllegalArgumentException("--transports takes rest and/or ws, not " + t);
      }
    }
    int hotSpread = Integer.parseInt(o.getOrDefault("hot-spread", "10"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "60")));
    Duration measure = Duration.ofSeconds(Long.parseLong(o.getOrDefault("measure", "30")));
    Duration commitTime = Duration.ofSeconds(Long.parseLong(o.getOrDefault("commit-seconds", "10")));
    int profileSamples = Integer.parseInt(o.getOrDefault("profile-samples", "4"));
    int profileClients = Integer.parseInt(o.getOrDefault("profile-clients", String.valueOf(Arrays.stream(clients).max().orElse(0))));
    Path out = path(root, o.getOrDefault("out", "bench/results/latest.md"));
    int maxClients = Math.max(Arrays.stream(clients).max().orElse(1), Arrays.stream(hotClients).max().orElse(1));
    Api api = new Api(node, keycloak, Math.max(1, Math.min(8, maxClients / 8)));

    Report report = new Report();
    report.parameters.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    report.parameters.put("machine", Runtime.getRuntime().availableProcessors() + " cores (nproc), "
        + Math.round(memTotalGiB()) + " GiB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version")
        + ", Java " + System.getProperty("java.version"));
    report.parameters.put("heap", "Payara node -Xmx" + nodeHeap + "; bench JVM max " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    report.parameters.put("target", node + " (Keycloak " + keycloak + ")");
    report.parameters.put("load", "closed loop, one request in flight per client thread; REST: java.net.http, HTTP/1.1 keep-alive, "
        + "bearer token per request; WebSocket: the bench's own client (one selector thread), one connection per "
        + "client, token checked at the handshake; "
        + "bids of the next minimum plus a uniformly random 0.." + spread + " increments in (a), 0.." + hotSpread
        + " in (b); BID_TOO_LOW retried at once from the server's nextMinimumBid");
    report.parameters.put("timing", "warm-up " + warmup.toSeconds() + " s, measure " + measure.toSeconds() + " s per run; "
        + "yardstick " + commitTime.toSeconds() + " s per thread count");

    // --- bidders and auctions -----------------------------------------------------------------
    int bidderCount = Integer.parseInt(o.getOrDefault("bidders", String.valueOf(maxClients)));
    List<String> bidders =
        bidderCount == 0
            ? DEMO_BIDDERS
            : new BenchBidders(
                    keycloak,
                    o.getOrDefault("keycloak-admin", "admin"),
                    o.getOrDefault("keycloak-admin-password", "admin-dev-pw"))
                .ensure(bidderCount);
    String seller = api.token("sam");
    // One request per user first, one at a time: the profile is created on a user's first
    // request, and concurrent first requests of one user race (duplicate key, HTTP 500).
    List<String> users = new ArrayList<>(List.of("sam"));
    users.addAll(bidders);
    for (String user : users) {
      HttpResponse<String> me = api.get("me", api.token(user));
      if (me.statusCode() != 200) {
        LOG.log(Level.WARNING, "GET /me as {0}: HTTP {1} {2}", new Object[] {user, me.statusCode(), me.body()});
      }
    }
    long[] ids = new long[auctions];
    Instant endsAt = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    AtomicInteger next = new AtomicInteger();
    AtomicLong createErrors = new AtomicLong();
    AtomicLong created = new AtomicLong();
    Histogram createLatency = new Histogram(60_000_000L, 3);
    long deadline = System.nanoTime() + Duration.ofMinutes(Long.parseLong(o.getOrDefault("create-minutes", "15"))).toNanos();
    long c0 = System.nanoTime();
    List<Thread> creators = new ArrayList<>();
    for (int c = 0; c < createClients; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        int i;
        while (System.nanoTime() < deadline && createErrors.get() < 100 && (i = next.getAndIncrement()) < auctions) {
          long t0 = System.nanoTime();
          Long id = createAuction(api, client, seller, "Bench lot " + i, endsAt);
          long us = (System.nanoTime() - t0) / 1_000;
          if (id == null) {
            createErrors.incrementAndGet();
            ids[i] = -1;
          } else {
            ids[i] = id;
            created.incrementAndGet();
            synchronized (createLatency) {
              createLatency.recordValue(Math.min(us, createLatency.getHighestTrackableValue()));
            }
          }
        }
      }, "creator-" + c);
      t.setDaemon(true);
      creators.add(t);
      t.start();
    }
    for (Thread t : creators) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000) + 35_000);
    }
    double createSeconds = (System.nanoTime() - c0) / 1e9;
    long[] usable = Arrays.stream(ids).filter(id -> id > 0).toArray();
    report.creation = String.format(Locale.ROOT,
        "%d of %d auctions created in %.1f s with %d clients: **%.0f auctions/s**, p50 %s / p99 %s ms, %d errors",
        usable.length, auctions, createSeconds, createClients, usable.length / createSeconds,
        ms(createLatency.getValueAtPercentile(50)), ms(createLatency.getValueAtPercentile(99)), createErrors.get());
    LOG.info(report.creation);
    if (usable.length == 0) {
      throw new IllegalStateException("no auction could be created");
    }
    Long hot = createAuction(api, 0, seller, "Bench hot lot", endsAt);
    if (hot == null) {
      throw new IllegalStateException("the hot auction could not be created");
    }
    report.parameters.put("auctions", usable.length + " ACTIVE ENGLISH auctions (starting price 10.00, default increments, "
        + "6 h duration), Zipf s=" + s + " over them (rank 1 gets " + String.format(Locale.ROOT, "%.1f", 100 * new ZipfSampler(usable.length, s).probability(0))
        + " % of bids); seller sam; bidders: "
        + (bidderCount == 0 ? "alice, bob, carol, dave, erin spread over the clients" : bidders.size() + " users, client i bids as user i modulo " + bidders.size()));

    // --- yardstick + database settings (before bidding, so the node is idle) ----------------
    CommitYardstick yardstick = null;
    if (jdbcUrl != null) {
      yardstick = new CommitYardstick(jdbcUrl, dbUser, dbPassword);
      report.dbSettings = yardstick.settings();
    }
    try {
      if (yardstick != null) {
        List<Integer> threads = new ArrayList<>();
        threads.add(1);
        Arrays.stream(clients).filter(c -> c != 1).forEach(threads::add);
        for (int t : threads) {
          CommitYardstick.Result r = yardstick.run(t, commitTime);
          LOG.log(Level.INFO, "yardstick {0} threads: {1} commits/s", new Object[] {t, Math.round(r.perSecond())});
          report.commits.add(r);
        }
        if (broker != null) {
          XaYardstick xa = new XaYardstick(jdbcUrl, dbUser, dbPassword, broker.uri(), broker.user(), broker.password(),
              root.resolve("bench/target/xa-yardstick.log"));
          try {
            report.xa = xa.run(XA_WARMUP, commitTime);
            LOG.log(Level.INFO, "XA yardstick: {0} two-phase commits/s", Math.round(report.xa.perSecond()));
          } finally {
            xa.close();
          }
        }
      }

      for (String transport : transports) {
        try (BidChannel channel = "ws".equals(transport) ? BidChannel.webSocket(api) : BidChannel.rest(api, keyed)) {
          // --- (a) Zipf over many auctions -----------------------------------------------------
          BidLoad many = new BidLoad(api, channel, usable, 1000, spread, bidders);
          ZipfSampler zipf = new ZipfSampler(usable.length, s);
          for (int c : clients) {
            Profiler profiler = null;
            if (c == profileClients && profileSamples > 0 && report.profiler == null) {
              profiler = new Profiler(root.resolve("bench/target/profile"), pids, pids.get("node0"), yardstick);
              report.profiler = profiler;
            }
            Profiler p = profiler;
            XaCount count = new XaCount(yardstick);
            BidLoad.Result r =
                many.run("(a) Zipf over " + usable.length + channel.label(), c, warmup, measure, BidLoad.zipf(zipf, 17),
                    () -> {
                      count.start();
                      if (p != null) {
                        p.cpuStart();
                        Thread t = new Thread(() -> sampleDuring(p, measure, profileSamples), "profiler");
                        t.setDaemon(true);
                        t.start();
                        report.samplerThread = t;
                      }
                    });
            count.stop(r, report);
            if (p != null) {
              p.cpuStop();
              if (report.samplerThread != null) {
                report.samplerThread.join(60_000);
              }
            }
            LOG.log(Level.INFO, "(a){0} {1} clients: {2} bids/s",
                new Object[] {channel.label(), c, Math.round(r.acceptedPerSecond())});
            report.bids.add(r);
          }

          // --- (b) one hot auction -------------------------------------------------------------
          BidLoad one = new BidLoad(api, channel, new long[] {hot}, 1000, hotSpread, bidders);
          for (int c : hotClients) {
            XaCount count = new XaCount(yardstick);
            BidLoad.Result r = one.run("(b) one hot auction" + channel.label(), c, warmup, measure, BidLoad.single(0), count::start);
            count.stop(r, report);
            LOG.log(Level.INFO, "(b){0} {1} clients: {2} bids/s",
                new Object[] {channel.label(), c, Math.round(r.acceptedPerSecond())});
            report.bids.add(r);
          }
        }
      }
    } finally {
      if (yardstick != null) {
        yardstick.close();
      }
    }

    String md = report.markdown();
    System.out.println(md);
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
    LOG.log(Level.INFO, "written to {0}", out);
  }

  /** Where the XA yardstick reaches the broker. */
  record BrokerAccess(String uri, String user, String password) {}

  /** MariaDB's count of XA commits over one measurement window: the batch transactions of a scenario. */
  private static final class XaCount {
    private final CommitYardstick database;
    private long atStart = -1;

    XaCount(CommitYardstick database) {
      this.database = database;
    }

    void start() {
      atStart = database == null ? -1 : database.xaCommits();
    }

    void stop(BidLoad.Result result, Report report) {
      long atEnd = database == null || atStart < 0 ? -1 : database.xaCommits();
      if (atEnd >= atStart && atStart >= 0) {
        report.xaCommitsPerSecond.put(result, (atEnd - atStart) / result.seconds());
      }
    }
  }

  private static void sampleDuring(Profiler p, Duration measure, int samples) {
    long window = measure.toMillis();
    long gap = window / (samples + 1);
    try {
      for (int i = 0; i < samples; i++) {
        Thread.sleep(gap);
        p.sample();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Long createAuction(Api api, int client, String token, String title, Instant endsAt) {
    String body = "{\"title\":\"" + title + "\",\"categoryId\":\"4\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
        + "\"startingPrice\":\"10.00\",\"endsAt\":\"" + endsAt + "\"}";
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        HttpResponse<String> r = api.post(client, "auctions", token, body);
        if (r.statusCode() == 201) {
          String id = Api.field(r.body(), "id");
          String status = Api.field(r.body(), "status");
          if (id != null && (status == null || "ACTIVE".equals(status))) {
            return Long.parseLong(id);
          }
          LOG.log(Level.WARNING, "created auction is not ACTIVE: {0}", r.body());
          return null;
        }
        LOG.log(Level.WARNING, "create auction: HTTP {0} {1}", new Object[] {r.statusCode(), r.body()});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (Exception e) {
        LOG.log(Level.WARNING, "create auction: {0}", e.toString());
      }
    }
    return null;
  }

  static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
  }

  private static double memTotalGiB() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return 0;
  }

  static Path repositoryRoot() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("bench")) && Files.isDirectory(p.resolve("launcher"))) {
        return p;
      }
    }
    return cwd;
  }

  static Path path(Path root, String p) {
    Path path = Path.of(p);
    return path.isAbsolute() ? path : root.resolve(path);
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unknown argument " + a + "\n" + USAGE);
      }
      int eq = a.indexOf('=');
      o.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
    }
    return o;
  }
}
