package io.gavel.bidding.control;

import io.gavel.platform.control.TokenBucket;
import io.gavel.platform.entity.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final double perSecond = Double.parseDouble(System.getProperty(RATE_PROPERTY, "20"));
  private final long burst = Long.getLong(BURST_PROPERTY, 40);
  /** Nanoseconds per token. */
  private final long interval = (long) (NANOS_PER_SECOND / perSecond);
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  /**
   * Admits one command of {@code bidderId} or refuses it.
   *
   * @throws Refusal 429 RATE_LIMITED, with {@code retryAfterSeconds}
   */
  public void admit(String bidderId) {
    long now = System.nanoTime();
    long wait = buckets.computeIfAbsent(bidderId, id -> new TokenBucket(interval, burst, now)).take(now);
    if ((calls.incrementAndGet() & 0xFFF) == 0) {
      buckets.values().removeIf(b -> b.full(now));
    }
    if (wait > 0) {
      long seconds = Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
      throw new Refusal(
          429,
          "RATE_LIMITED",
          "too many bids; at most " + perSecond + " per second (bursts of " + burst + ")",
          Map.of("retryAfterSeconds", seconds));
    }
  }
}
