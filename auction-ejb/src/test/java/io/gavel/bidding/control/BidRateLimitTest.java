package io.gavel.bidding.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.platform.entity.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BidRateLimitTest {

  @AfterEach
  void clear() {
    System.clearProperty(BidRateLimit.RATE_PROPERTY);
    System.clearProperty(BidRateLimit.BURST_PROPERTY);
  }

  @Test
  void aBurstIsAdmittedThenRefusedWithAWaitAndOtherBiddersAreNotAffected() {
    // one token per 1,000 s: nothing refills during the test, however slow the machine
    System.setProperty(BidRateLimit.RATE_PROPERTY, "0.001");
    System.setProperty(BidRateLimit.BURST_PROPERTY, "5");
    BidRateLimit limit = new BidRateLimit();
    for (int i = 0; i < 5; i++) {
      limit.admit("alice");
    }
    assertThatThrownBy(() -> limit.admit("alice"))
        .isInstanceOfSatisfying(
            Refusal.class,
            r -> {
              assertThat(r.status()).isEqualTo(429);
              assertThat(r.code()).isEqualTo("RATE_LIMITED");
              assertThat((Long) r.extensions().get("retryAfterSeconds")).isBetween(990L, 1000L);
            });
    limit.admit("bob");
  }

  @Test
  void theBucketRefillsAtTheConfiguredRate() throws InterruptedException {
    System.setProperty(BidRateLimit.RATE_PROPERTY, "50");
    System.setProperty(BidRateLimit.BURST_PROPERTY, "1");
    BidRateLimit limit = new BidRateLimit();
    limit.admit("alice");
    Thread.sleep(60); // more than one token-interval (20 ms)
    limit.admit("alice");
  }
}
