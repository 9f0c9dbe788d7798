package io.gavel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * What the server does while a scenario runs: a few {@code jstack} samples of the Payara node
 * (kept under {@code target/profile}), summarised by where the request threads stand; MariaDB's
 * view at the same moments (transactions waiting for a row lock, connection states); CPU used by
 * each process over the measurement window (from /proc, so Linux only).
 */
final class Profiler {

  private static final Logger LOG = Logger.getLogger(Profiler.class.getName());

  private final Path dir;
  private final Long nodePid;
  private final CommitYardstick db; // may be null: no database view
  private final Map<String, Long> pids;

  final Map<String, Integer> frames = new TreeMap<>();
  final Map<String, Integer> httpThreads = new TreeMap<>();
  final Map<String, Integer> dbStates = new TreeMap<>();
  int samples;
  int lockWaits;
  int transactions;
  private Map<String, Long> cpuStart = Map.of();
  private long cpuStartNanos;
  final Map<String, Double> cpuPercent = new LinkedHashMap<>();

  Profiler(Path dir, Map<String, Long> pids, Long nodePid, CommitYardstick db) {
    this.dir = dir;
    this.pids = pids;
    this.nodePid = nodePid;
    this.db = db;
  }

  void cpuStart() {
    cpuStart = ticks();
    cpuStartNanos = System.nanoTime();
  }

  void cpuStop() {
    Map<String, Long> end = ticks();
    double seconds = (System.nanoTime() - cpuStartNanos) / 1e9;
    long hz = 100; // USER_HZ on Linux
    end.forEach((name, t) -> {
      Long s = cpuStart.get(name);
      if (s != null && seconds > 0) {
        cpuPercent.put(name, 100.0 * (t - s) / hz / seconds);
      }
    });
  }

  /** utime+stime of each process and its descendants (Keycloak and Artemis run under scripts). */
  private Map<String, Long> ticks() {
    Map<String, Long> t = new LinkedHashMap<>();
    Map<String, Long> all = new LinkedHashMap<>(pids);
    all.put("bench (this JVM)", ProcessHandle.current().pid());
    all.forEach((name, pid) -> {
      long sum = 0;
      List<Long> tree = new ArrayList<>();
      tree.add(pid);
      if (pid != ProcessHandle.current().pid()) { // our own children are the jstack samplers
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> tree.add(d.pid())));
      }
      for (long p : tree) {
        sum += procTicks(p);
      }
      t.put(name, sum);
    });
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]);
      long iowait = Long.parseLong(f[5]);
      long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
      t.put("(machine busy)", total - idle - iowait - steal);
      t.put("(machine iowait)", iowait);
      t.put("(machine steal)", steal);
    } catch (IOException | RuntimeException e) {
      // not Linux: no machine figure
    }
    return t;
  }

  private static long procTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** One sample: thread dump of the node plus the database's view. */
  void sample() {
    samples++;
    if (nodePid != null) {
      try {
        String dump = jstack(nodePid);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jstack-" + samples + ".txt"), dump);
        summarise(dump);
      } catch (IOException | InterruptedException e) {
        LOG.log(Level.WARNING, "jstack failed: {0}", e.toString());
      }
    }
    if (db != null) {
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        try (ResultSet r = s.executeQuery("SELECT trx_state, COUNT(*) FROM information_schema.innodb_trx GROUP BY trx_state")) {
          while (r.next()) {
            transactions += r.getInt(2);
            if ("LOCK WAIT".equals(r.getString(1))) {
              lockWaits += r.getInt(2);
            }
          }
        } catch (SQLException e) {
          transactions = -1; // needs the PROCESS privilege, which the application's user lacks
        }
        try (ResultSet r =
            s.executeQuery(
                "SELECT COMMAND, COALESCE(NULLIF(STATE,''),'-'), COALESCE(LEFT(REGEXP_REPLACE(INFO, '\\\\s+', ' '), 48), '-'), COUNT(*)"
                    + " FROM information_schema.processlist WHERE ID <> CONNECTION_ID() GROUP BY 1, 2, 3")) {
          while (r.next()) {
            dbStates.merge(r.getString(1) + " / " + r.getString(2) + " / " + r.getString(3), r.getInt(4), Integer::sum);
          }
        }
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "database view failed: {0}", e.getMessage());
      }
    }
  }

  private static String jstack(long pid) throws IOException, InterruptedException {
    Optional<String> java = ProcessHandle.current().info().command();
    String jstack = java.map(j -> Path.of(j).resolveSibling("jstack").toString()).orElse("jstack");
    Process p = new ProcessBuilder(jstack, Long.toString(pid)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jstack timed out");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * Request threads are those in Payara's http-thread-pool. A busy one (an io.gavel frame on its
   * stack) is counted by its top non-JDK frame plus the application frame that led there.
   */
  private void summarise(String dump) {
    for (String block : dump.split("\n\n")) {
      if (!block.startsWith("\"")) {
        continue;
      }
      String name = block.substring(1, block.indexOf('"', 1));
      List<String> stack =
          block.lines().map(String::trim).filter(l -> l.startsWith("at ")).map(l -> l.substring(3)).collect(Collectors.toList());
      boolean app = stack.stream().anyMatch(f -> f.startsWith("io.gavel."));
      boolean http = name.startsWith("http-thread-pool");
      if (http) {
        httpThreads.merge(app ? "busy in application" : "idle / not in application", 1, Integer::sum);
      }
      if (!app) {
        continue;
      }
      String top = stack.stream().filter(f -> !isJdk(f)).findFirst().orElse(stack.isEmpty() ? "?" : stack.get(0));
      String gavel = stack.stream().filter(f -> f.startsWith("io.gavel.")).findFirst().orElse("?");
      String state = block.lines().filter(l -> l.contains("java.lang.Thread.State:")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim().split(" ")[0]).orElse("?");
      String op = stack.stream().filter(f -> !isJdk(f) && OPERATION.matcher(strip(f)).find()).findFirst().map(Profiler::strip).orElse("-");
      frames.merge(state + " | " + strip(top) + " ← " + op + " ← " + strip(gavel), 1, Integer::sum);
    }
  }

  /** Methods that say what a waiting request is doing: the first such frame from the top. */
  private static final java.util.regex.Pattern OPERATION =
      java.util.regex.Pattern.compile(
          "\\.(prepare|commit|rollback|end|start|send|executeQuery|executeUpdate|executeBatch|find|flush|persist|"
              + "getConnection|createSession|getResource|internalGetResource|lock|acquire)[A-Za-z]*$");

  private static boolean isJdk(String frame) {
    return frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.") || frame.startsWith("javax.");
  }

  private static String strip(String frame) {
    int paren = frame.indexOf('(');
    String f = paren > 0 ? frame.substring(0, paren) : frame;
    int slash = f.lastIndexOf('/');
    return slash >= 0 ? f.substring(slash + 1) : f;
  }
}
