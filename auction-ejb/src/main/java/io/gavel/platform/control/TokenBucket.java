package io.gavel.platform.control;

/**
 * A token bucket of {@code capacity} tokens refilled one every {@code interval} nanoseconds. It
 * stores only the instant at which it would be full again; taking a token moves that instant one
 * interval later, and it is full once the instant has passed. Thread-safe; reads no clock (the
 * caller passes {@code System.nanoTime()}).
 */
public final class TokenBucket {

  private final long interval;
  private final long capacity;
  private long fullAt;

  /** A full bucket at {@code now}. */
  public TokenBucket(long interval, long capacity, long now) {
    if (interval <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("interval and capacity must be positive");
    }
    this.interval = interval;
    this.capacity = capacity;
    this.fullAt = now;
  }

  /** Takes a token; returns 0 on success or how many nanoseconds until one is free. */
  public synchronized long take(long now) {
    long start = Math.max(fullAt, now);
    long next = start + interval;
    long limit = now + interval * capacity;
    if (next > limit) {
      return next - limit;
    }
    fullAt = next;
    return 0;
  }

  /** Whether the bucket is full again at {@code now} (and may be forgotten). */
  public synchronized boolean full(long now) {
    return fullAt <= now;
  }
}
