package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Thousands of random bid sequences through the English rules, checked against invariants and
 * against an independent reading of the contract's price formula.
 */
class BidBookPropertiesTest {

  /** A random intention: who, how far above the minimum, and how much proxy headroom (or none). */
  record Step(int bidder, int kind, long extraCents, long headroomCents) {}

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 9),
                Arbitraries.longs().between(-300, 50_000),
                Arbitraries.longs().between(-1, 500_000))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 2000)
  void theRulesHoldAfterEveryCommand(
      @ForAll("histories") List<Step> steps,
      @ForAll @IntRange(min = 1, max = 200_000) int startingCents,
      @ForAll @IntRange(min = 0, max = 3) int reserveChoice) {
    Money starting = cents(startingCents);
    Money reserve = reserveChoice == 0 ? null : cents(startingCents + reserveChoice * 7_919L);
    IncrementPolicy increments = IncrementPolicy.table();
    BidBook live = BidBook.open(starting, reserve, increments);
    List<BidBook.Command> accepted = new ArrayList<>();
    long order = 0;
    for (Step s : steps) {
      order++;
      String bidder = "b" + s.bidder();
      Money previousPrice = live.price();
      Money minimum = live.nextMinimumBid();
      BidBook.Command command = command(s, bidder, minimum, order);
      try {
        switch (command.kind()) {
          case PLACE -> live.place(bidder, command.amount(), command.maximum(), order);
          case RAISE_MAXIMUM -> live.raiseMaximum(bidder, command.maximum(), order);
          case CANCEL_UNUSED -> live.cancelUnused(bidder, order);
        }
        accepted.add(command);
      } catch (BidRejected rejected) {
        assertThat(live.price()).isEqualTo(previousPrice);
        continue;
      }
      // the price never decreases, stays within the leader's maximum, never below the start
      if (previousPrice != null) {
        assertThat(live.price().isAtLeast(previousPrice)).isTrue();
      }
      assertThat(live.price().isAtLeast(starting)).isTrue();
      BidBook.Entry leader = live.entry(live.leader());
      assertThat(leader.maximum().isAtLeast(live.price())).isTrue();
      // the leader holds the highest maximum; ties go to whoever reached it first
      BidBook.Entry best =
          live.entries().stream()
              .min(
                  Comparator.comparing(BidBook.Entry::maximum, Comparator.reverseOrder())
                      .thenComparingLong(BidBook.Entry::reachedAt))
              .orElseThrow();
      assertThat(live.leader()).isEqualTo(best.bidderId());
      // whatever raised the leader's maximum to the reserve, the price is at least the reserve
      if (reserve != null && leader.maximum().isAtLeast(reserve)) {
        assertThat(live.price().isAtLeast(reserve)).isTrue();
      }
      // after a bid, the price is exactly the contract's formula (or the unchanged old price)
      if (command.kind() == BidBook.Command.Kind.PLACE) {
        Money formula = formula(live.entries(), starting, reserve, increments);
        Money expected =
            previousPrice == null || formula.isAtLeast(previousPrice) ? formula : previousPrice;
        assertThat(live.price()).isEqualTo(expected);
      }
    }
    // replaying the accepted history gives the live state
    BidBook replayed = BidBook.replay(starting, reserve, increments, accepted);
    assertThat(replayed.price()).isEqualTo(live.price());
    assertThat(replayed.leader()).isEqualTo(live.leader());
    assertThat(replayed.entries()).containsExactlyInAnyOrderElementsOf(live.entries());
  }

  private static BidBook.Command command(Step s, String bidder, Money minimum, long order) {
    Money amount = minimum.plus(cents(Math.max(0, s.extraCents())));
    if (s.extraCents() < 0) {
      // a deliberately low bid: the rules must refuse it and change nothing
      BigDecimal low = minimum.amount().subtract(BigDecimal.valueOf(-s.extraCents(), 2));
      amount = new Money(low.signum() < 0 ? BigDecimal.ZERO : low, minimum.currency());
    }
    Money maximum = s.headroomCents() < 0 ? null : amount.plus(cents(s.headroomCents()));
    return switch (s.kind()) {
      case 8 -> BidBook.Command.raise(bidder, minimum.plus(cents(Math.abs(s.headroomCents()) + 1)), order);
      case 9 -> BidBook.Command.cancel(bidder, order);
      default -> BidBook.Command.place(bidder, amount, maximum, order);
    };
  }

  /** The contract's price, read independently of the implementation. */
  private static Money formula(
      java.util.Collection<BidBook.Entry> entries, Money starting, Money reserve, IncrementPolicy inc) {
    List<BidBook.Entry> sorted = new ArrayList<>(entries);
    sorted.sort(
        Comparator.comparing(BidBook.Entry::maximum, Comparator.reverseOrder())
            .thenComparingLong(BidBook.Entry::reachedAt));
    BidBook.Entry leader = sorted.get(0);
    BigDecimal price = leader.latestAmount().amount();
    if (sorted.size() > 1) {
      Money second = sorted.get(1).maximum();
      BigDecimal raised = second.amount().add(inc.at(second).amount());
      price = price.max(raised.min(leader.maximum().amount()));
    }
    price = price.max(starting.amount());
    if (reserve != null
        && leader.maximum().amount().compareTo(reserve.amount()) >= 0
        && price.compareTo(reserve.amount()) < 0) {
      price = reserve.amount();
    }
    return new Money(price, starting.currency());
  }

  private static Money cents(long cents) {
    return new Money(BigDecimal.valueOf(cents, 2), java.util.Currency.getInstance("EUR"));
  }
}
