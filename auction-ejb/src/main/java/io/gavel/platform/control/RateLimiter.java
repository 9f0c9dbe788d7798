package io.gavel.platform.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@link TokenBucket} per key (a user, a client address): bursts of {@code burst} requests,
 * refilled at {@code perSecond}. Buckets that are full again are forgotten now and then, so memory
 * follows the number of recently active keys. Per node: with n nodes behind a balancer a key may
 * reach up to n times the rate.
 */
public final class RateLimiter {

  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final double perSecond;
  private final long burst;
  private final long interval;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  public RateLimiter(double perSecond, long burst) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.interval = Math.max(1, (long) (NANOS_PER_SECOND / perSecond));
  }

  /**
   * Takes one request of {@code key} at {@code now} (from {@code System.nanoTime()}).
   *
   * @return 0 when admitted, otherwise how many whole seconds to wait (at least 1)
   */
  public long admit(String key, long now) {
    long wait = buckets.computeIfAbsent(key, k -> new TokenBucket(interval, burst, now)).take(now);
    if ((calls.incrementAndGet() & 0xFFF) == 0) {
      buckets.values().removeIf(b -> b.full(now));
    }
    return wait <= 0 ? 0 : Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
  }

  public double perSecond() {
    return perSecond;
  }

  public long burst() {
    return burst;
  }

  /** How many keys have a bucket now (for tests and metrics). */
  public int keys() {
    return buckets.size();
  }
}
