package io.gavel.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** The markdown the run prints and writes: parameters, results against the targets, profile. */
final class Report {

  final Map<String, String> parameters = new LinkedHashMap<>();
  String creation;
  Map<String, String> dbSettings = Map.of();
  final List<CommitYardstick.Result> commits = new ArrayList<>();
  final List<BidLoad.Result> bids = new ArrayList<>();
  /** MariaDB's XA commits per second during each scenario's measurement window. */
  final Map<BidLoad.Result, Double> xaCommitsPerSecond = new IdentityHashMap<>();
  XaYardstick.Result xa;
  Profiler profiler;
  volatile Thread samplerThread;

  String markdown() {
    StringBuilder m = new StringBuilder();
    m.append("# Gavel bid-path benchmark\n\n");
    parameters.forEach((k, v) -> m.append("- **").append(k).append("**: ").append(v).append('\n'));
    if (!dbSettings.isEmpty()) {
      m.append("- **MariaDB** (as the launcher runs it, unchanged): ")
          .append(dbSettings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
          .append('\n');
    }
    m.append("\n## Setup\n\n").append(creation).append("\n");

    m.append("\n## (c) Yardstick: durable single-row commits over JDBC (INSERT + COMMIT, same MariaDB)\n\n");
    m.append("| threads | commits/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    for (CommitYardstick.Result r : commits) {
      m.append(String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s | %d |%n", r.threads(), r.perSecond(),
          p(r.latency(), 50), p(r.latency(), 99), p(r.latency(), 99.9), BidBenchmark.ms(r.latency().getMaxValue()), r.errors()));
    }

    if (xa != null) {
      m.append("\n## (d) XA yardstick: a batch transaction's least shape, one thread, no application\n\n");
      m.append("In the application's round trips: XA START on MariaDB; lock one row; update it and insert one (one text); "
          + "XA START on the broker and one non-persistent message; XA END and PREPARE on both; a forced log record; "
          + "XA COMMIT on both. The batches of one auction are serial, so this bounds the batches per second on one hot "
          + "auction. Measured after 5 s of warm-up, before any bidding, on the same MariaDB and broker.\n\n");
      m.append("| two-phase commits/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n|---:|---:|---:|---:|---:|---:|\n");
      m.append(String.format(Locale.ROOT, "| %.0f | %s | %s | %s | %s | %d |%n", xa.perSecond(), p(xa.latency(), 50),
          p(xa.latency(), 99), p(xa.latency(), 99.9), BidBenchmark.ms(xa.latency().getMaxValue()), xa.errors()));
      if (xa.firstError() != null) {
        m.append("\nFirst error: `").append(xa.firstError().replace('`', '\'')).append("`\n");
      }
    }

    m.append("\n## (a) and (b) Bids (latency of accepted bids, send → response)\n\n");
    m.append("XA commits/s: MariaDB's `Com_xa_commit` over the measurement window, one per batch transaction (and per any other XA transaction in the window).\n\n");
    m.append("| scenario | clients | accepted bids/s | BID_TOO_LOW/s | errors | p50 ms | p99 ms | p99.9 ms | max ms | vs raw commits/s "
        + "| XA commits/s | accepted bids per XA commit |\n");
    m.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (BidLoad.Result r : bids) {
      CommitYardstick.Result y = yardstickFor(r.clients());
      String ratio = y == null || y.perSecond() == 0 ? "-"
          : String.format(Locale.ROOT, "%.2f × (%d thr: %.0f)", r.acceptedPerSecond() / y.perSecond(), y.threads(), y.perSecond());
      Double commitRate = xaCommitsPerSecond.get(r);
      String perCommit = commitRate == null || commitRate == 0 ? "-" : String.format(Locale.ROOT, "%.2f", r.acceptedPerSecond() / commitRate);
      m.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %d | %s | %s | %s | %s | %s | %s | %s |%n", r.scenario(), r.clients(),
          r.acceptedPerSecond(), r.tooLowPerSecond(), r.errors(), p(r.latency(), 50), p(r.latency(), 99), p(r.latency(), 99.9),
          BidBenchmark.ms(r.latency().getMaxValue()), ratio, commitRate == null ? "-" : String.format(Locale.ROOT, "%.0f", commitRate),
          perCommit));
    }
    bids.stream().filter(r -> !r.errorKinds().isEmpty())
        .forEach(r -> m.append("\nErrors, ").append(r.scenario()).append(", ").append(r.clients()).append(" clients: ")
            .append(r.errorKinds()).append('\n'));

    m.append("\n## Against the issue's targets\n\n");
    best("(a)").ifPresent(r -> {
      double p99 = r.latency().getValueAtPercentile(99) / 1000.0;
      m.append(String.format(Locale.ROOT, "- (a) ≥ 1,700 bids/s with p99 ≤ 50 ms: best %.0f bids/s (%s) at %d clients, p99 %.1f ms → **%s**%n",
          r.acceptedPerSecond(), r.scenario(), r.clients(), p99, r.acceptedPerSecond() >= 1700 && p99 <= 50 ? "met" : "not met"));
      CommitYardstick.Result y = yardstickFor(r.clients());
      if (y != null) {
        m.append(String.format(Locale.ROOT, "- bids/s ≥ 0.5 × raw commit rate: %.0f vs 0.5 × %.0f = %.0f → **%s** (ratio %.2f)%n",
            r.acceptedPerSecond(), y.perSecond(), y.perSecond() / 2, r.acceptedPerSecond() >= y.perSecond() / 2 ? "met" : "not met",
            r.acceptedPerSecond() / y.perSecond()));
        CommitYardstick.Result single = yardstickFor(1);
        if (single != null && single.threads() == 1 && single != y && single.perSecond() > 0) {
          // the issue does not say at which concurrency the yardstick counts; both are shown, and
          // the verdict above is the stricter one, at the bidders' own concurrency
          m.append(String.format(Locale.ROOT,
              "  - against one connection's rate (%.0f commits/s): ratio %.2f%n",
              single.perSecond(), r.acceptedPerSecond() / single.perSecond()));
        }
      }
    });
    best("(b)").ifPresent(r -> {
      m.append(String.format(Locale.ROOT,
          "- (b) ≥ 1,000 bids/s on one auction: best %.0f bids/s (%s) at %d clients → **%s**%n",
          r.acceptedPerSecond(), r.scenario(), r.clients(), r.acceptedPerSecond() >= 1000 ? "met" : "not met"));
      Double commitRate = xaCommitsPerSecond.get(r);
      if (commitRate != null && commitRate > 0 && xa != null) {
        double perCommit = r.acceptedPerSecond() / commitRate;
        m.append(String.format(Locale.ROOT,
            "  - there: %.0f batch transactions/s accepting %.2f bids each; 1,000 bids/s would take %.0f/s at that yield, "
                + "against %.0f/s for the bare transaction of (d) with nothing else running%n",
            commitRate, perCommit, 1000 / perCommit, xa.perSecond()));
      }
    });

    if (profiler != null) {
      m.append("\n## Profile of the Payara node during (a) at the profiled client count\n\n");
      m.append("Samples: ").append(profiler.samples).append(" (raw thread dumps in `bench/target/profile/`).\n\n");
      if (!profiler.cpuPercent.isEmpty()) {
        double named = profiler.cpuPercent.entrySet().stream().filter(e -> !e.getKey().startsWith("(")).mapToDouble(Map.Entry::getValue).sum();
        Double busy = profiler.cpuPercent.get("(machine busy)");
        if (busy != null) {
          profiler.cpuPercent.put("(everything else: other users' processes, jstack, kernel)", Math.max(0, busy - named));
        }
        m.append("CPU over the measurement window (100 % = one core; the machine has ")
            .append(Runtime.getRuntime().availableProcessors()).append("): ")
            .append(profiler.cpuPercent.entrySet().stream()
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.0f %%", e.getValue()))
                .collect(Collectors.joining(", ")))
            .append("\n\n");
      }
      if (!profiler.httpThreads.isEmpty()) {
        m.append("HTTP worker threads (summed over samples): ").append(profiler.httpThreads).append("\n\n");
      }
      if (profiler.transactions >= 0) {
        m.append(String.format(Locale.ROOT, "InnoDB: %d open transactions, %d of them in LOCK WAIT (summed over samples).%n%n",
            profiler.transactions, profiler.lockWaits));
      } else {
        m.append("InnoDB lock waits: not visible (information_schema.innodb_trx needs PROCESS, the application's user lacks it).\n\n");
      }
      if (!profiler.dbStates.isEmpty()) {
        m.append("MariaDB connections by command / state / statement (summed over samples):\n\n| connections | command / state / statement |\n|---:|---|\n");
        profiler.dbStates.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
            .forEach(e -> m.append("| ").append(e.getValue()).append(" | `").append(e.getKey().replace('|', '/')).append("` |\n"));
        m.append('\n');
      }
      m.append("Request threads inside the application, by state | top non-JDK frame ← operation ← application frame (summed over samples):\n\n");
      m.append("| threads | where |\n|---:|---|\n");
      profiler.frames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
          .forEach(e -> m.append("| ").append(e.getValue()).append(" | `").append(e.getKey()).append("` |\n"));
    }
    return m.toString();
  }

  private java.util.Optional<BidLoad.Result> best(String prefix) {
    return bids.stream().filter(r -> r.scenario().startsWith(prefix)).max(Comparator.comparingDouble(BidLoad.Result::acceptedPerSecond));
  }

  /** The yardstick run with the same thread count, else the nearest one. */
  private CommitYardstick.Result yardstickFor(int clients) {
    return commits.stream().min(Comparator.comparingInt(r -> Math.abs(r.threads() - clients))).orElse(null);
  }

  private static String p(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "-" : BidBenchmark.ms(h.getValueAtPercentile(percentile));
  }
}
