package io.gavel.bidding.control;

import io.gavel.platform.control.RateLimiter;
import io.gavel.platform.entity.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Limits how fast one bidder may send bidding commands, per node: a token bucket of {@code
 * gavel.bidding.rate-burst} commands (default 40) refilled at {@code
 * gavel.bidding.rate-per-second} (default 20), both system properties. A command over the limit
 * is refused with {@code 429 RATE_LIMITED} and a {@code Retry-After} before it reaches the
 * auction's queue or the database, so a flood costs neither a lock nor a write; such refusals are
 * therefore not written to the audit log. With n nodes behind a balancer a bidder may reach up to
 * n times the rate.
 */
@ApplicationScoped
public class BidRateLimit {

  static final String RATE_PROPERTY = "gavel.bidding.rate-per-second";
  static final String BURST_PROPERTY = "gavel.bidding.rate-burst";

  private final RateLimiter limiter =
      new RateLimiter(Double.parseDouble(System.getProperty(RATE_PROPERTY, "20")), Long.getLong(BURST_PROPERTY, 40));

  /**
   * Admits one command of {@code bidderId} or refuses it.
   *
   * @throws Refusal 429 RATE_LIMITED, with {@code retryAfterSeconds}
   */
  public void admit(String bidderId) {
    long seconds = limiter.admit(bidderId, System.nanoTime());
    if (seconds > 0) {
      throw new Refusal(
          429,
          "RATE_LIMITED",
          "too many bids; at most " + limiter.perSecond() + " per second (bursts of " + limiter.burst() + ")",
          Map.of("retryAfterSeconds", seconds));
    }
  }
}
