package io.gavel.auction.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * Anti-sniping: a bid accepted less than {@code window} before the current end moves the end to
 * acceptance time + {@code extension}, at most {@code maxExtensions} times.
 */
public record SoftClose(int windowSeconds, int extensionSeconds, int maxExtensions) {

  public SoftClose {
    if (windowSeconds <= 0 || extensionSeconds <= 0 || maxExtensions < 0) {
      throw new IllegalArgumentException(
          "softClose needs positive windowSeconds and extensionSeconds and maxExtensions >= 0");
    }
  }

  /** The new end if a bid accepted at {@code acceptedAt} extends the auction, else null. */
  public Instant extendedEnd(Instant currentEnd, Instant acceptedAt, int extensionsSoFar) {
    if (extensionsSoFar >= maxExtensions) {
      return null;
    }
    Instant windowStart = currentEnd.minus(Duration.ofSeconds(windowSeconds));
    if (acceptedAt.isBefore(windowStart)) {
      return null;
    }
    Instant candidate = acceptedAt.plus(Duration.ofSeconds(extensionSeconds));
    return candidate.isAfter(currentEnd) ? candidate : null;
  }
}
