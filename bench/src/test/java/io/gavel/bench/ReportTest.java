package io.gavel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void batchTransactionsAndTheXaYardstickExplainTheHotAuction() {
    Report report = new Report();
    report.creation = "-";
    BidLoad.Result hot = result("(b) one hot auction over WebSocket", 16, 100, 85_000);
    report.bids.add(hot);
    report.xaCommitsPerSecond.put(hot, 500.0);
    report.xa = new XaYardstick.Result(10, 8_000, 0, latencies(1_200), null);

    String md = report.markdown();

    // 850 accepted bids/s over 500 batch transactions/s: 1.70 each; 1,000 would need 1000 / 1.7
    assertThat(md).contains("| 850 |").contains("| 500 | 1.70 |");
    assertThat(md).contains("| 800 | 1.2 |");
    assertThat(md).contains("500 batch transactions/s accepting 1.70 bids each; 1,000 bids/s would take 588/s")
        .contains("against 800/s for the bare transaction of (d)");
  }

  @Test
  void withoutCountsTheColumnsStayEmptyAndTheXaSectionIsLeftOut() {
    Report report = new Report();
    report.creation = "-";
    report.bids.add(result("(b) one hot auction over WebSocket", 16, 100, 85_000));

    String md = report.markdown();

    assertThat(md).doesNotContain("## (d)").doesNotContain("batch transactions/s accepting");
    assertThat(md).containsPattern("\\| 850 \\| 0 \\| 0 \\|.*\\| - \\| - \\| - \\|");
  }

  @Test
  void theRatioToTheRawCommitRateIsJudgedAtTheBiddersConcurrencyAndShownForOneConnection() {
    Report report = new Report();
    report.creation = "-";
    report.commits.add(new CommitYardstick.Result(1, 5, 22_000, 0, latencies(200)));
    report.commits.add(new CommitYardstick.Result(32, 5, 100_000, 0, latencies(1_300)));
    report.bids.add(result("(a) Zipf over 10000 over WebSocket", 32, 100, 225_000));

    String md = report.markdown();

    // 2,250 bids/s: 0.11 of the 32-thread rate (the verdict), 0.51 of one connection's
    assertThat(md).contains("2250 vs 0.5 × 20000 = 10000 → **not met** (ratio 0.11)")
        .contains("against one connection's rate (4400 commits/s): ratio 0.51");
  }

  private static BidLoad.Result result(String scenario, int clients, double seconds, long accepted) {
    return new BidLoad.Result(scenario, clients, seconds, accepted, 0, 0, Map.of(), latencies(5_000));
  }

  private static Histogram latencies(long micros) {
    Histogram h = new Histogram(60_000_000L, 3);
    h.recordValue(micros);
    return h;
  }
}
