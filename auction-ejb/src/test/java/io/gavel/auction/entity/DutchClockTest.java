package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of the descending clock. The main example starts at 100.00 and drops 10.00 every
 * minute down to 42.50: since 57.50 is not a multiple of 10.00 the floor is reached at step
 * ceil(5.75) = 6, by a last drop of 7.50, and the clock closes a minute later.
 */
class DutchClockTest {

  private static final Instant T = Instant.parse("2030-01-01T10:00:00Z");
  private static final Duration NANO = Duration.ofNanos(1);

  private static Money eur(String amount) {
    return Money.of(amount, "EUR");
  }

  private static DutchClock clock(String start, String floor, String decrement, int interval) {
    return new DutchClock(eur(start), eur(floor), eur(decrement), interval);
  }

  private static final DutchClock CLOCK = clock("100.00", "42.50", "10.00", 60);

  private static Instant at(long seconds) {
    return T.plusSeconds(seconds);
  }

  @Test
  void thePriceDropsOneDecrementPerInterval() {
    assertThat(CLOCK.priceAt(T, at(0))).isEqualTo(eur("100.00"));
    assertThat(CLOCK.priceAt(T, at(60))).isEqualTo(eur("90.00"));
    assertThat(CLOCK.priceAt(T, at(120))).isEqualTo(eur("80.00"));
    assertThat(CLOCK.priceAt(T, at(180))).isEqualTo(eur("70.00"));
    assertThat(CLOCK.priceAt(T, at(240))).isEqualTo(eur("60.00"));
    assertThat(CLOCK.priceAt(T, at(300))).isEqualTo(eur("50.00"));
    assertThat(CLOCK.priceAt(T, at(360))).isEqualTo(eur("42.50"));
  }

  @Test
  void aStepBeginsExactlyAtItsBoundary() {
    assertThat(CLOCK.priceAt(T, at(60).minus(NANO))).isEqualTo(eur("100.00"));
    assertThat(CLOCK.stepAt(T, at(60).minus(NANO))).isZero();
    assertThat(CLOCK.priceAt(T, at(60))).isEqualTo(eur("90.00"));
    assertThat(CLOCK.stepAt(T, at(60))).isEqualTo(1);
    assertThat(CLOCK.priceAt(T, at(60).plus(NANO))).isEqualTo(eur("90.00"));
    assertThat(CLOCK.priceAt(T, at(119))).isEqualTo(eur("90.00"));
    assertThat(CLOCK.priceAt(T, at(120).minus(NANO))).isEqualTo(eur("90.00"));
    assertThat(CLOCK.priceAt(T, at(120))).isEqualTo(eur("80.00"));
  }

  @Test
  void beforeTheStartThePriceIsTheStartPrice() {
    assertThat(CLOCK.priceAt(T, T.minus(Duration.ofHours(1)))).isEqualTo(eur("100.00"));
    assertThat(CLOCK.priceAt(T, T.minus(NANO))).isEqualTo(eur("100.00"));
    assertThat(CLOCK.stepAt(T, T.minus(Duration.ofDays(400)))).isZero();
    assertThat(CLOCK.nextDropAt(T, T.minus(Duration.ofHours(1)))).isEqualTo(at(60));
  }

  @Test
  void theLastDropIsSmallerAndLandsOnTheFloorNeverBelow() {
    assertThat(CLOCK.floorStep()).isEqualTo(6);
    assertThat(CLOCK.priceAt(T, at(360).minus(NANO))).isEqualTo(eur("50.00"));
    assertThat(CLOCK.priceAt(T, at(360))).isEqualTo(eur("42.50"));
    assertThat(CLOCK.priceAt(T, at(420))).isEqualTo(eur("42.50"));
    assertThat(CLOCK.priceAt(T, T.plus(Duration.ofDays(3650)))).isEqualTo(eur("42.50"));
    assertThat(CLOCK.floorReachedAt(T)).isEqualTo(at(360));
  }

  @Test
  void theStepIsCappedAtTheFloorStep() {
    assertThat(CLOCK.stepAt(T, at(359))).isEqualTo(5);
    assertThat(CLOCK.stepAt(T, at(360))).isEqualTo(6);
    assertThat(CLOCK.stepAt(T, at(420))).isEqualTo(6);
    assertThat(CLOCK.stepAt(T, T.plus(Duration.ofDays(100_000)))).isEqualTo(6);
  }

  @Test
  void theFloorIsOfferedForOneMoreIntervalThenTheClockCloses() {
    assertThat(CLOCK.closesAt(T)).isEqualTo(at(420));
    assertThat(Duration.between(CLOCK.floorReachedAt(T), CLOCK.closesAt(T)))
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void nextDropIsTheNextStepBoundaryAndNullOnceAtTheFloor() {
    assertThat(CLOCK.nextDropAt(T, at(0))).isEqualTo(at(60));
    assertThat(CLOCK.nextDropAt(T, at(59))).isEqualTo(at(60));
    assertThat(CLOCK.nextDropAt(T, at(60))).isEqualTo(at(120));
    assertThat(CLOCK.nextDropAt(T, at(360).minus(NANO))).isEqualTo(at(360));
    assertThat(CLOCK.nextDropAt(T, at(360))).isNull();
    assertThat(CLOCK.nextDropAt(T, at(419))).isNull();
    assertThat(CLOCK.nextDropAt(T, at(10_000))).isNull();
  }

  @Test
  void stepStartsAreWholeIntervalsAfterTheStart() {
    assertThat(CLOCK.stepStartsAt(T, 0)).isEqualTo(T);
    assertThat(CLOCK.stepStartsAt(T, 3)).isEqualTo(at(180));
    assertThat(CLOCK.stepStartsAt(T, 7)).isEqualTo(CLOCK.closesAt(T));
    assertThatThrownBy(() -> CLOCK.stepStartsAt(T, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whenTheSpanIsAMultipleTheLastDropIsAWholeDecrement() {
    DutchClock clock = clock("100.00", "40.00", "10.00", 60);
    assertThat(clock.floorStep()).isEqualTo(6);
    assertThat(clock.priceAt(T, at(300))).isEqualTo(eur("50.00"));
    assertThat(clock.priceAt(T, at(360))).isEqualTo(eur("40.00"));
    assertThat(clock.floorReachedAt(T)).isEqualTo(at(360));
    assertThat(clock.closesAt(T)).isEqualTo(at(420));
  }

  @Test
  void aDecrementWiderThanTheSpanReachesTheFloorInOneDrop() {
    DutchClock clock = clock("100.00", "95.00", "10.00", 30);
    assertThat(clock.floorStep()).isEqualTo(1);
    assertThat(clock.priceAt(T, at(29))).isEqualTo(eur("100.00"));
    assertThat(clock.priceAt(T, at(30))).isEqualTo(eur("95.00"));
    assertThat(clock.nextDropAt(T, at(0))).isEqualTo(at(30));
    assertThat(clock.nextDropAt(T, at(30))).isNull();
    assertThat(clock.closesAt(T)).isEqualTo(at(60));
  }

  @Test
  void aOneCentClockOfOneSecondSteps() {
    DutchClock clock = clock("0.05", "0.00", "0.01", 1);
    assertThat(clock.floorStep()).isEqualTo(5);
    assertThat(clock.priceAt(T, at(4))).isEqualTo(eur("0.01"));
    assertThat(clock.priceAt(T, at(5))).isEqualTo(eur("0.00"));
    assertThat(clock.closesAt(T)).isEqualTo(at(6));
  }

  @Test
  void worksInCurrenciesWithoutMinorUnits() {
    DutchClock clock =
        new DutchClock(Money.of("10000", "JPY"), Money.of("1", "JPY"), Money.of("3000", "JPY"), 10);
    assertThat(clock.floorStep()).isEqualTo(4);
    assertThat(clock.priceAt(T, at(29))).isEqualTo(Money.of("4000", "JPY"));
    assertThat(clock.priceAt(T, at(30))).isEqualTo(Money.of("1000", "JPY"));
    assertThat(clock.priceAt(T, at(40))).isEqualTo(Money.of("1", "JPY"));
    assertThat(clock.closesAt(T)).isEqualTo(at(50));
  }

  @Test
  void startsAtMayHaveFractionsOfASecond() {
    Instant start = T.plusMillis(500);
    assertThat(CLOCK.priceAt(start, at(60))).isEqualTo(eur("100.00"));
    assertThat(CLOCK.priceAt(start, at(60).plusMillis(500))).isEqualTo(eur("90.00"));
    assertThat(CLOCK.nextDropAt(start, at(1))).isEqualTo(at(60).plusMillis(500));
  }

  @Test
  void refusesAFloorAtOrAboveTheStart() {
    assertThatThrownBy(() -> clock("100.00", "100.00", "10.00", 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floorPrice must be below startPrice");
    assertThatThrownBy(() -> clock("100.00", "100.01", "10.00", 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floorPrice must be below startPrice");
    assertThat(clock("100.00", "99.99", "10.00", 60).floorStep()).isEqualTo(1);
  }

  @Test
  void refusesAZeroDecrement() {
    assertThatThrownBy(() -> clock("100.00", "40.00", "0.00", 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decrement must be greater than zero");
  }

  @Test
  void refusesIntervalsOutsideOneSecondToOneDay() {
    for (int bad : new int[] {0, -1, 86_401, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> clock("100.00", "40.00", "10.00", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("intervalSeconds must be between 1 and 86400");
    }
    assertThat(clock("100.00", "40.00", "10.00", 1).intervalSeconds()).isEqualTo(1);
    assertThat(clock("100.00", "40.00", "10.00", 86_400).closesAt(T))
        .isEqualTo(T.plus(Duration.ofDays(7)));
  }

  @Test
  void refusesMissingAmounts() {
    assertThatThrownBy(() -> new DutchClock(null, eur("1.00"), eur("1.00"), 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("startPrice, floorPrice and decrement");
    assertThatThrownBy(() -> new DutchClock(eur("9.00"), null, eur("1.00"), 60))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DutchClock(eur("9.00"), eur("1.00"), null, 60))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMixedCurrencies() {
    assertThatThrownBy(
            () -> new DutchClock(eur("100.00"), Money.of("40.00", "USD"), eur("10.00"), 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same currency");
    assertThatThrownBy(
            () -> new DutchClock(eur("100.00"), eur("40.00"), Money.of("10.00", "USD"), 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same currency");
  }

  @Test
  void refusesADecrementTooSmallToCountItsSteps() {
    assertThatThrownBy(() -> clock("9999999999999.00", "0.00", "0.01", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decrement is too small");
    DutchClock longest = clock("21474836.46", "0.00", "0.01", 1);
    assertThat(longest.floorStep()).isEqualTo(DutchClock.MAX_STEPS);
    assertThat(longest.closesAt(T)).isEqualTo(T.plusSeconds(Integer.MAX_VALUE));
    assertThatThrownBy(() -> clock("21474836.47", "0.00", "0.01", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
