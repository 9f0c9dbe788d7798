package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.gavel.auction.entity.WinnerDetermination.Ranked;
import io.gavel.auction.entity.WinnerDetermination.Result;
import io.gavel.auction.entity.WinnerDetermination.Tender;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sealed histories, with replacements, ties and reserves, checked against an independent
 * reading of the contract: each bidder's latest bid counts, the highest counting amount wins, the
 * earliest on a tie, a first-price winner pays their bid and a second-price winner pays between the
 * reserve (or starting price) and their bid.
 */
class WinnerDeterminationPropertiesTest {

  /**
   * A random bid: who, how many cents above the starting price, and the gap to the previous order.
   */
  record Intent(int bidder, long extraCents, int orderGap) {}

  @Provide
  Arbitrary<List<Intent>> histories() {
    Arbitrary<Intent> intent =
        Combinators.combine(
                Arbitraries.integers().between(0, 5),
                // few distinct amounts, so that ties are frequent
                Arbitraries.oneOf(
                    Arbitraries.longs().between(0, 20).map(n -> n * 500),
                    Arbitraries.longs().between(0, 50_000)),
                Arbitraries.integers().between(1, 3))
            .as(Intent::new);
    return intent.list().ofMaxSize(30);
  }

  @Property(tries = 2000)
  void sealedDeterminationFollowsTheContract(
      @ForAll("histories") List<Intent> intents,
      @ForAll @IntRange(min = 1, max = 200_000) int startingCents,
      @ForAll @IntRange(min = 0, max = 3) int reserveChoice,
      @ForAll long shuffleSeed) {
    Money starting = cents(startingCents);
    Money reserve = reserveChoice == 0 ? null : cents(startingCents + (reserveChoice - 1) * 9_973L);
    List<Tender> history = new ArrayList<>();
    long order = 0;
    for (Intent intent : intents) {
      order += intent.orderGap();
      history.add(
          new Tender(
              1000 + order,
              "b" + intent.bidder(),
              cents(startingCents + intent.extraCents()),
              order));
    }
    Collections.shuffle(history, new Random(shuffleSeed));

    Map<String, Tender> latest = new HashMap<>();
    for (Tender t : history) {
      Tender kept = latest.get(t.bidderId());
      if (kept == null || t.order() > kept.order()) {
        latest.put(t.bidderId(), t);
      }
    }
    assertThat(WinnerDetermination.counting(history))
        .containsExactlyInAnyOrderElementsOf(latest.values());

    Result first = WinnerDetermination.sealedFirstPrice(starting, reserve, history);
    Result second = WinnerDetermination.sealedSecondPrice(starting, reserve, history);

    // both kinds rank the same bids the same way: every counting bidder once, best first
    assertThat(second.ranking()).isEqualTo(first.ranking());
    assertThat(first.ranking()).hasSize(latest.size());
    for (Ranked r : first.ranking()) {
      Tender counted = latest.get(r.bidderId());
      assertThat(r.amount()).isEqualTo(counted.amount());
      assertThat(r.bidId()).isEqualTo(counted.bidId());
    }
    for (int i = 1; i < first.ranking().size(); i++) {
      Tender better = latest.get(first.ranking().get(i - 1).bidderId());
      Tender worse = latest.get(first.ranking().get(i).bidderId());
      int byAmount = better.amount().compareTo(worse.amount());
      assertThat(byAmount > 0 || (byAmount == 0 && better.order() < worse.order())).isTrue();
    }

    if (latest.isEmpty()) {
      assertThat(first.outcome()).isEqualTo(Outcome.NO_BIDS);
      assertThat(second.outcome()).isEqualTo(Outcome.NO_BIDS);
      return;
    }
    Money highest =
        latest.values().stream().map(Tender::amount).max(Money::compareTo).orElseThrow();
    Tender earliestHighest =
        latest.values().stream()
            .filter(t -> t.amount().compareTo(highest) == 0)
            .min((a, b) -> Long.compare(a.order(), b.order()))
            .orElseThrow();
    if (reserve != null && highest.isBelow(reserve)) {
      assertThat(first.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
      assertThat(second.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
      assertThat(first.winnerId()).isNull();
      assertThat(second.price()).isNull();
      return;
    }
    for (Result result : List.of(first, second)) {
      assertThat(result.outcome()).isEqualTo(Outcome.SOLD);
      assertThat(result.winnerId()).isEqualTo(earliestHighest.bidderId());
      assertThat(result.ranking().get(0).amount()).isEqualTo(highest);
      assertThat(result.runnersUp()).hasSize(latest.size() - 1);
    }
    assertThat(first.price()).isEqualTo(highest);

    Money least = reserve != null ? reserve : starting;
    assertThat(second.price().compareTo(highest)).isLessThanOrEqualTo(0);
    assertThat(second.price().isAtLeast(least)).isTrue();
    assertThat(second.price().isAtLeast(starting)).isTrue();
    List<Money> amounts =
        latest.values().stream().map(Tender::amount).sorted(Collections.reverseOrder()).toList();
    Money expected = amounts.size() < 2 || amounts.get(1).isBelow(least) ? least : amounts.get(1);
    assertThat(second.price()).isEqualTo(expected);
  }

  private static Money cents(long cents) {
    return new Money(BigDecimal.valueOf(cents, 2), java.util.Currency.getInstance("EUR"));
  }
}
