package io.gavel.auction.entity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The descending price clock of a Dutch auction. The price starts at {@code startPrice} and drops
 * by {@code decrement} every {@code intervalSeconds}, but never below {@code floorPrice}: at time t
 * it is {@code max(floor, start − k·decrement)} with {@code k = floor((t − startsAt) / interval)},
 * and {@code k = 0} at or before the start.
 *
 * <p>The floor is reached at step {@code K = ceil((start − floor) / decrement)}, so when the
 * difference is not a multiple of the decrement the last drop is a smaller one, straight to the
 * floor. The floor price is offered for one more interval, after which the clock closes at {@code
 * startsAt + (K + 1)·interval}. The clock never reads the time itself: every question takes the
 * auction's start and the instant it is asked about.
 */
public record DutchClock(Money startPrice, Money floorPrice, Money decrement, int intervalSeconds) {

  /** The longest interval between two price drops: one day. */
  public static final int MAX_INTERVAL_SECONDS = 86_400;

  /**
   * The most price drops a clock may have, so that step numbers fit an {@code int} even for the
   * close, one step after the floor.
   */
  public static final int MAX_STEPS = Integer.MAX_VALUE - 1;

  /**
   * Checks that the clock can run: every amount present and in one currency, a floor strictly below
   * the start, a positive decrement and an interval of 1 to 86400 seconds.
   *
   * @throws IllegalArgumentException with a message fit for the client
   */
  public DutchClock {
    if (startPrice == null || floorPrice == null || decrement == null) {
      throw new IllegalArgumentException(
          "a Dutch auction needs startPrice, floorPrice and decrement");
    }
    if (!floorPrice.currency().equals(startPrice.currency())
        || !decrement.currency().equals(startPrice.currency())) {
      throw new IllegalArgumentException(
          "startPrice, floorPrice and decrement must be in the same currency");
    }
    if (!floorPrice.isBelow(startPrice)) {
      throw new IllegalArgumentException(
          "floorPrice must be below startPrice, got floor "
              + floorPrice
              + " and start "
              + startPrice);
    }
    if (decrement.amount().signum() <= 0) {
      throw new IllegalArgumentException("decrement must be greater than zero");
    }
    if (intervalSeconds < 1 || intervalSeconds > MAX_INTERVAL_SECONDS) {
      throw new IllegalArgumentException(
          "intervalSeconds must be between 1 and "
              + MAX_INTERVAL_SECONDS
              + ", got "
              + intervalSeconds);
    }
    if (steps(startPrice, floorPrice, decrement).compareTo(BigDecimal.valueOf(MAX_STEPS)) > 0) {
      throw new IllegalArgumentException(
          "decrement is too small: the price would need more than "
              + MAX_STEPS
              + " drops to reach the floor");
    }
  }

  /**
   * The step {@code K} at which the price reaches the floor: the number of drops, {@code
   * ceil((start − floor) / decrement)}.
   */
  public int floorStep() {
    return steps(startPrice, floorPrice, decrement).intValueExact();
  }

  /**
   * How many drops have happened by {@code now}: {@code floor((now − startsAt) / interval)}, zero
   * at or before the start and never more than {@link #floorStep()}.
   */
  public int stepAt(Instant startsAt, Instant now) {
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(now, "now");
    if (!now.isAfter(startsAt)) {
      return 0;
    }
    // getSeconds() rounds down, and so does integer division of a non-negative count.
    long elapsedSeconds = Duration.between(startsAt, now).getSeconds();
    return (int) Math.min(elapsedSeconds / intervalSeconds, floorStep());
  }

  /**
   * The price offered at {@code now}: {@code start − k·decrement} after {@code k} drops, and the
   * floor from the floor step on. It is the start price at or before the start and never below the
   * floor, also after the clock has closed.
   */
  public Money priceAt(Instant startsAt, Instant now) {
    int step = stepAt(startsAt, now);
    return step >= floorStep() ? floorPrice : startPrice.minus(decrement.times(step));
  }

  /**
   * When the price drops next after {@code now}, or null once it is at the floor. Before the start
   * this is the first drop, one interval after the start.
   */
  public Instant nextDropAt(Instant startsAt, Instant now) {
    int step = stepAt(startsAt, now);
    return step >= floorStep() ? null : stepStartsAt(startsAt, step + 1);
  }

  /** When the price reaches the floor: the start of step {@link #floorStep()}. */
  public Instant floorReachedAt(Instant startsAt) {
    return stepStartsAt(startsAt, floorStep());
  }

  /**
   * When the clock closes without an accept: one interval after the floor was reached, that is
   * {@code startsAt + (K + 1)·interval}.
   */
  public Instant closesAt(Instant startsAt) {
    return stepStartsAt(startsAt, floorStep() + 1);
  }

  /**
   * When step {@code step} begins: {@code startsAt + step·interval}. Step 0 begins at the start.
   *
   * @throws IllegalArgumentException when {@code step} is negative
   */
  public Instant stepStartsAt(Instant startsAt, int step) {
    Objects.requireNonNull(startsAt, "startsAt");
    if (step < 0) {
      throw new IllegalArgumentException("a step cannot be negative: " + step);
    }
    return startsAt.plusSeconds((long) step * intervalSeconds);
  }

  private static BigDecimal steps(Money start, Money floor, Money decrement) {
    return start
        .amount()
        .subtract(floor.amount())
        .divide(decrement.amount(), 0, RoundingMode.CEILING);
  }
}
