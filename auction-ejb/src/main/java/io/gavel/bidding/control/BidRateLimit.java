package io.gavel.bidding.control;

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
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  /**
   * A bucket stores the instant (in nanoseconds) at which it would be full again; taking a token
   * moves that instant one token-interval later. It is full again once the instant has passed.
   */
  private static final class Bucket {
    private long fullAt;

    Bucket(long now) {
      fullAt = now;
    }

    /** Takes a token; returns 0 on success or how many nanoseconds until one is free. */
    synchronized long take(long now, long interval, long capacity) {
      long start = Math.max(fullAt, now);
      long next = start + interval;
      long limit = now + interval * capacity;
      if (next > limit) {
        return next - limit;
      }
      fullAt = next;
      return 0;
    }

    synchronized boolean full(long now) {
      return fullAt <= now;
    }
  }

  /**
   * Admits one command of {@code bidderId} or refuses it.
   *
   * @throws Refusal 429 RATE_LIMITED, with {@code retryAfterSeconds}
   */
  public void admit(String bidderId) {
    long now = System.nanoTime();
    long wait = buckets.computeIfAbsent(bidderId, id -> new Bucket(now)).take(now, interval, burst);
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
