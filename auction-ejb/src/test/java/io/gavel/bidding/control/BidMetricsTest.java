package io.gavel.bidding.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.gavel.auction.entity.BidRejected;
import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.platform.entity.Refusal;
import org.junit.jupiter.api.Test;

class BidMetricsTest {

  @Test
  void anOutcomeIsCountedUnderAcceptedOrTheContractsCode() {
    BidOutcome.Accepted accepted =
        new BidOutcome.Accepted(
            "1", "2", "LEADING", "10.00", "10.50", "10.00", true, 1, null, null, "10.00", null, null);
    assertThat(BidMetrics.outcomeOf(accepted)).isEqualTo("accepted");
    assertThat(
            BidMetrics.outcomeOf(
                new BidOutcome.Rejected(BidRejected.Reason.BID_TOO_LOW, "too low", "10.50", "10.00")))
        .isEqualTo("BID_TOO_LOW");
    assertThat(BidMetrics.outcomeOf(new Refusal(503, "BID_NOT_PROCESSED", "try again")))
        .isEqualTo("BID_NOT_PROCESSED");
  }
}
