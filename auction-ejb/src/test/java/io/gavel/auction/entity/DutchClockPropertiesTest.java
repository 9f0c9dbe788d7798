package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random clocks and instants, checked against the contract's formula worked out independently in
 * whole cents and seconds.
 */
class DutchClockPropertiesTest {

  private static final Instant START = Instant.parse("2030-06-01T12:00:00.250Z");
  private static final Currency EUR = Currency.getInstance("EUR");

  @Property(tries = 3000)
  void thePriceFollowsTheFormulaAndNeverLeavesStartAndFloor(
      @ForAll @IntRange(min = 1, max = 1_000_000) int floorCents,
      @ForAll @IntRange(min = 1, max = 1_000_000) int spanCents,
      @ForAll @IntRange(min = 1, max = 300_000) int decrementCents,
      @ForAll @IntRange(min = 1, max = 86_400) int interval,
      @ForAll @LongRange(min = -100_000_000_000L, max = 100_000_000_000_000L) long offsetNanos) {
    long startCents = (long) floorCents + spanCents;
    DutchClock clock =
        new DutchClock(cents(startCents), cents(floorCents), cents(decrementCents), interval);
    Instant now = START.plusNanos(offsetNanos);

    long floorStep = (spanCents + decrementCents - 1) / decrementCents;
    assertThat(clock.floorStep()).isEqualTo(floorStep);
    long elapsedSeconds = Math.floorDiv(offsetNanos, 1_000_000_000L);
    long k = offsetNanos <= 0 ? 0 : Math.min(elapsedSeconds / interval, floorStep);
    assertThat(clock.stepAt(START, now)).isEqualTo(k);
    Money price = clock.priceAt(START, now);
    assertThat(price).isEqualTo(cents(Math.max(floorCents, startCents - k * decrementCents)));
    assertThat(price.isAtLeast(clock.floorPrice())).isTrue();
    assertThat(clock.startPrice().isAtLeast(price)).isTrue();

    Instant next = clock.nextDropAt(START, now);
    if (k == floorStep) {
      assertThat(next).isNull();
      assertThat(price).isEqualTo(clock.floorPrice());
      assertThat(now).isAfterOrEqualTo(clock.floorReachedAt(START));
    } else {
      assertThat(next).isAfter(now);
      assertThat(clock.priceAt(START, next).isBelow(price)).isTrue();
      assertThat(clock.priceAt(START, next.minusNanos(1))).isEqualTo(price);
      assertThat(now).isBefore(clock.floorReachedAt(START));
    }
  }

  @Property(tries = 1000)
  void theFloorArrivesAtItsStepAndIsOfferedForOneInterval(
      @ForAll @IntRange(min = 0, max = 1_000_000) int floorCents,
      @ForAll @IntRange(min = 1, max = 1_000_000) int spanCents,
      @ForAll @IntRange(min = 1, max = 300_000) int decrementCents,
      @ForAll @IntRange(min = 1, max = 86_400) int interval) {
    DutchClock clock =
        new DutchClock(
            cents((long) floorCents + spanCents),
            cents(floorCents),
            cents(decrementCents),
            interval);
    Instant floorAt = clock.floorReachedAt(START);
    assertThat(floorAt).isEqualTo(clock.stepStartsAt(START, clock.floorStep()));
    assertThat(clock.priceAt(START, floorAt)).isEqualTo(clock.floorPrice());
    assertThat(clock.priceAt(START, floorAt.minusNanos(1)).isBelow(clock.floorPrice())).isFalse();
    assertThat(clock.priceAt(START, floorAt.minusNanos(1))).isNotEqualTo(clock.floorPrice());
    assertThat(Duration.between(floorAt, clock.closesAt(START)))
        .isEqualTo(Duration.ofSeconds(interval));
    assertThat(clock.priceAt(START, clock.closesAt(START))).isEqualTo(clock.floorPrice());
  }

  private static Money cents(long cents) {
    return new Money(BigDecimal.valueOf(cents, 2), EUR);
  }
}
