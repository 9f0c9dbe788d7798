package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.auction.entity.WinnerDetermination.Ranked;
import io.gavel.auction.entity.WinnerDetermination.Result;
import io.gavel.auction.entity.WinnerDetermination.Tender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Worked examples of how each auction type ends. Amounts in EUR; starting price 100.00. */
class WinnerDeterminationTest {

  private static final Money START = eur("100.00");

  private static Money eur(String amount) {
    return Money.of(amount, "EUR");
  }

  /** A tender whose bid id is its order times ten, so the two are easy to tell apart. */
  private static Tender bid(String bidder, String amount, long order) {
    return new Tender(order * 10, bidder, eur(amount), order);
  }

  private static Ranked ranked(int rank, String bidder, String amount, long bidId) {
    return new Ranked(rank, bidder, eur(amount), bidId);
  }

  private static void assertSold(Result result, String winner, String price) {
    assertThat(result.outcome()).isEqualTo(Outcome.SOLD);
    assertThat(result.winnerId()).isEqualTo(winner);
    assertThat(result.price()).isEqualTo(eur(price));
    assertThat(result.ranking().get(0).bidderId()).isEqualTo(winner);
  }

  @Nested
  class Counting {

    @Test
    void aLaterBidReplacesTheEarlierOneWhateverItsAmount() {
      List<Tender> history =
          List.of(
              bid("alice", "500.00", 1),
              bid("bob", "400.00", 2),
              bid("alice", "350.00", 3),
              bid("carol", "120.00", 4),
              bid("carol", "130.00", 5));
      assertThat(WinnerDetermination.counting(history))
          .containsExactly(
              bid("bob", "400.00", 2), bid("alice", "350.00", 3), bid("carol", "130.00", 5));
    }

    @Test
    void latestMeansHighestOrderNotLastInTheList() {
      List<Tender> history =
          List.of(bid("alice", "350.00", 3), bid("bob", "400.00", 2), bid("alice", "500.00", 1));
      assertThat(WinnerDetermination.counting(history))
          .containsExactly(bid("bob", "400.00", 2), bid("alice", "350.00", 3));
    }

    @Test
    void nothingCountsInAnEmptyHistory() {
      assertThat(WinnerDetermination.counting(List.of())).isEmpty();
    }
  }

  @Nested
  class SealedFirstPrice {

    @Test
    void theHighestBidWinsAndPaysItsOwnAmount() {
      Result result =
          WinnerDetermination.sealedFirstPrice(
              START,
              null,
              List.of(
                  bid("alice", "300.00", 1), bid("bob", "455.00", 2), bid("carol", "310.00", 3)));
      assertSold(result, "bob", "455.00");
      assertThat(result.ranking())
          .containsExactly(
              ranked(1, "bob", "455.00", 20),
              ranked(2, "carol", "310.00", 30),
              ranked(3, "alice", "300.00", 10));
      assertThat(result.runnersUp())
          .containsExactly(ranked(2, "carol", "310.00", 30), ranked(3, "alice", "300.00", 10));
    }

    @Test
    void onEqualAmountsTheEarliestBidWins() {
      // bob is listed first, but alice's bid came first
      Result result =
          WinnerDetermination.sealedFirstPrice(
              START,
              null,
              List.of(
                  bid("bob", "300.00", 2), bid("carol", "250.00", 3), bid("alice", "300.00", 1)));
      assertSold(result, "alice", "300.00");
      assertThat(result.ranking())
          .extracting(Ranked::bidderId)
          .containsExactly("alice", "bob", "carol");
    }

    @Test
    void aReplacingBidTakesItsOwnLaterOrderInATie() {
      // alice was first at 300.00 but replaced her bid (with the same amount) after bob's
      Result result =
          WinnerDetermination.sealedFirstPrice(
              START,
              null,
              List.of(
                  bid("alice", "300.00", 1), bid("bob", "300.00", 2), bid("alice", "300.00", 3)));
      assertSold(result, "bob", "300.00");
      assertThat(result.ranking())
          .containsExactly(ranked(1, "bob", "300.00", 20), ranked(2, "alice", "300.00", 30));
    }

    @Test
    void aLaterLowerBidCountsNotTheEarlierHigherOne() {
      Result result =
          WinnerDetermination.sealedFirstPrice(
              START,
              null,
              List.of(
                  bid("alice", "500.00", 1), bid("bob", "400.00", 2), bid("alice", "350.00", 3)));
      assertSold(result, "bob", "400.00");
      assertThat(result.ranking())
          .containsExactly(ranked(1, "bob", "400.00", 20), ranked(2, "alice", "350.00", 30));
    }

    @Test
    void aSingleBidderPaysTheirOwnBid() {
      assertSold(
          WinnerDetermination.sealedFirstPrice(
              START, eur("400.00"), List.of(bid("alice", "455.00", 1))),
          "alice",
          "455.00");
      assertSold(
          WinnerDetermination.sealedFirstPrice(START, null, List.of(bid("alice", "100.00", 1))),
          "alice",
          "100.00");
    }

    @Test
    void aHighestBidExactlyAtTheReserveSells() {
      Result result =
          WinnerDetermination.sealedFirstPrice(
              START, eur("450.00"), List.of(bid("alice", "450.00", 1), bid("bob", "300.00", 2)));
      assertSold(result, "alice", "450.00");
    }

    @Test
    void aHighestBidOneCentBelowTheReserveDoesNotSellButIsRanked() {
      Result result =
          WinnerDetermination.sealedFirstPrice(
              START, eur("450.00"), List.of(bid("alice", "449.99", 1), bid("bob", "300.00", 2)));
      assertThat(result.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
      assertThat(result.winnerId()).isNull();
      assertThat(result.price()).isNull();
      assertThat(result.ranking())
          .containsExactly(ranked(1, "alice", "449.99", 10), ranked(2, "bob", "300.00", 20));
      assertThat(result.runnersUp()).isEqualTo(result.ranking());
    }

    @Test
    void withoutBidsThereIsNoWinner() {
      Result result = WinnerDetermination.sealedFirstPrice(START, eur("450.00"), List.of());
      assertThat(result).isEqualTo(new Result(Outcome.NO_BIDS, null, null, List.of()));
      assertThat(result.runnersUp()).isEmpty();
    }
  }

  @Nested
  class SealedSecondPrice {

    @Test
    void onEqualAmountsTheEarliestBidWinsAtThatAmount() {
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START,
              null,
              List.of(
                  bid("bob", "300.00", 2), bid("carol", "250.00", 3), bid("alice", "300.00", 1)));
      assertSold(result, "alice", "300.00");
      assertThat(result.ranking())
          .extracting(Ranked::bidderId)
          .containsExactly("alice", "bob", "carol");
    }

    @Test
    void withoutReserveTheWinnerPaysTheSecondHighestBid() {
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START,
              null,
              List.of(
                  bid("alice", "500.00", 1), bid("bob", "350.00", 2), bid("carol", "120.00", 3)));
      assertSold(result, "alice", "350.00");
      assertThat(result.ranking())
          .extracting(Ranked::amount)
          .containsExactly(eur("500.00"), eur("350.00"), eur("120.00"));
    }

    @Test
    void withASecondBidAboveTheReserveTheWinnerPaysTheSecondBid() {
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START, eur("400.00"), List.of(bid("alice", "500.00", 1), bid("bob", "450.00", 2)));
      assertSold(result, "alice", "450.00");
    }

    @Test
    void withASecondBidBelowTheReserveTheWinnerPaysTheReserve() {
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START, eur("400.00"), List.of(bid("alice", "500.00", 1), bid("bob", "350.00", 2)));
      assertSold(result, "alice", "400.00");
    }

    @Test
    void aSingleBidderPaysTheReserveOrWithoutOneTheStartingPrice() {
      assertSold(
          WinnerDetermination.sealedSecondPrice(
              START, eur("400.00"), List.of(bid("alice", "455.00", 1))),
          "alice",
          "400.00");
      assertSold(
          WinnerDetermination.sealedSecondPrice(START, null, List.of(bid("alice", "455.00", 1))),
          "alice",
          "100.00");
    }

    @Test
    void aHighestBidExactlyAtTheReserveSellsAtTheReserve() {
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START, eur("450.00"), List.of(bid("alice", "450.00", 1), bid("bob", "300.00", 2)));
      assertSold(result, "alice", "450.00");
    }

    @Test
    void aHighestBidOneCentBelowTheReserveDoesNotSell() {
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START, eur("450.00"), List.of(bid("alice", "449.99", 1), bid("bob", "300.00", 2)));
      assertThat(result.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
      assertThat(result.winnerId()).isNull();
      assertThat(result.price()).isNull();
      assertThat(result.ranking()).extracting(Ranked::bidderId).containsExactly("alice", "bob");
    }

    @Test
    void theReplacedBidNeitherWinsNorSetsThePrice() {
      // alice's 500.00 was replaced by 350.00: bob wins and pays alice's counting bid
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START,
              null,
              List.of(
                  bid("alice", "500.00", 1), bid("bob", "400.00", 2), bid("alice", "350.00", 3)));
      assertSold(result, "bob", "350.00");
      assertThat(result.runnersUp()).containsExactly(ranked(2, "alice", "350.00", 30));
    }

    @Test
    void aBidderCannotRaiseTheirOwnPriceByBiddingTwice() {
      Result result =
          WinnerDetermination.sealedSecondPrice(
              START, null, List.of(bid("alice", "300.00", 1), bid("alice", "500.00", 2)));
      assertSold(result, "alice", "100.00");
      assertThat(result.ranking()).containsExactly(ranked(1, "alice", "500.00", 20));
    }

    @Test
    void withoutBidsThereIsNoWinner() {
      assertThat(WinnerDetermination.sealedSecondPrice(START, null, List.of()).outcome())
          .isEqualTo(Outcome.NO_BIDS);
    }
  }

  @Nested
  class SealedPreconditions {

    @Test
    void refusesACountingBidBelowTheStartingPrice() {
      assertThatThrownBy(
              () ->
                  WinnerDetermination.sealedFirstPrice(
                      START, null, List.of(bid("alice", "99.99", 1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("below the starting price");
    }

    @Test
    void refusesAReserveBelowTheStartingPrice() {
      assertThatThrownBy(
              () ->
                  WinnerDetermination.sealedSecondPrice(
                      START, eur("99.99"), List.of(bid("alice", "200.00", 1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reservePrice");
    }

    @Test
    void refusesMixedCurrencies() {
      List<Tender> history =
          List.of(bid("alice", "200.00", 1), new Tender(2, "bob", Money.of("300.00", "USD"), 2));
      assertThatThrownBy(() -> WinnerDetermination.sealedFirstPrice(START, null, history))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("currency mismatch");
    }
  }

  @Nested
  class English {

    @Test
    void theLeaderWinsAtTheCurrentPriceOnceTheReserveIsMet() {
      Result result =
          WinnerDetermination.english(
              eur("450.00"),
              "alice",
              eur("450.00"),
              List.of(
                  bid("bob", "300.00", 2), bid("alice", "500.00", 1), bid("carol", "300.00", 3)));
      assertSold(result, "alice", "450.00");
      assertThat(result.ranking())
          .containsExactly(
              ranked(1, "alice", "500.00", 10),
              ranked(2, "bob", "300.00", 20),
              ranked(3, "carol", "300.00", 30));
      assertThat(result.runnersUp()).extracting(Ranked::bidderId).containsExactly("bob", "carol");
    }

    @Test
    void withoutReserveTheLeaderAlwaysWins() {
      Result result =
          WinnerDetermination.english(
              null,
              "bob",
              eur("202.50"),
              List.of(bid("alice", "200.00", 1), bid("bob", "500.00", 2)));
      assertSold(result, "bob", "202.50");
      assertThat(result.runnersUp()).containsExactly(ranked(2, "alice", "200.00", 10));
    }

    @Test
    void aPriceOneCentBelowTheReserveDoesNotSell() {
      Result result =
          WinnerDetermination.english(
              eur("450.00"),
              "alice",
              eur("449.99"),
              List.of(bid("alice", "449.99", 1), bid("bob", "300.00", 2)));
      assertThat(result.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
      assertThat(result.winnerId()).isNull();
      assertThat(result.price()).isNull();
      assertThat(result.ranking())
          .containsExactly(ranked(1, "alice", "449.99", 10), ranked(2, "bob", "300.00", 20));
    }

    @Test
    void theReserveIsJudgedOnThePriceNotOnTheLeadersMaximum() {
      Result result =
          WinnerDetermination.english(
              eur("450.00"),
              "alice",
              eur("305.00"),
              List.of(bid("alice", "900.00", 1), bid("bob", "300.00", 2)));
      assertThat(result.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
    }

    @Test
    void theLeaderRanksFirstWhateverTheStandingsSay() {
      Result result =
          WinnerDetermination.english(
              null,
              "alice",
              eur("200.00"),
              List.of(bid("bob", "200.00", 1), bid("alice", "200.00", 2)));
      assertSold(result, "alice", "200.00");
      assertThat(result.ranking()).extracting(Ranked::bidderId).containsExactly("alice", "bob");
    }

    @Test
    void runnersUpRankByMaximumThenByWhoReachedItFirst() {
      Result result =
          WinnerDetermination.english(
              null,
              "dave",
              eur("410.00"),
              List.of(
                  bid("carol", "400.00", 4),
                  bid("alice", "250.00", 1),
                  bid("dave", "800.00", 5),
                  bid("bob", "400.00", 3)));
      assertThat(result.runnersUp())
          .containsExactly(
              ranked(2, "bob", "400.00", 30),
              ranked(3, "carol", "400.00", 40),
              ranked(4, "alice", "250.00", 10));
    }

    @Test
    void agreesWithTheBidBook() {
      BidBook book = BidBook.open(START, eur("450.00"), IncrementPolicy.table());
      book.place("alice", eur("100.00"), eur("400.00"), 1);
      book.place("bob", eur("102.50"), eur("300.00"), 2);
      Result before = english(book, eur("450.00"));
      assertThat(before.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
      assertThat(before.ranking()).extracting(Ranked::bidderId).containsExactly("alice", "bob");

      book.place("carol", eur("310.00"), eur("600.00"), 3);
      Result after = english(book, eur("450.00"));
      assertSold(after, "carol", "450.00");
      assertThat(after.ranking())
          .extracting(Ranked::bidderId)
          .containsExactly("carol", "alice", "bob");
    }

    private Result english(BidBook book, Money reserve) {
      List<Tender> standings = new ArrayList<>();
      for (BidBook.Entry e : book.entries()) {
        standings.add(new Tender(e.reachedAt(), e.bidderId(), e.maximum(), e.reachedAt()));
      }
      return WinnerDetermination.english(reserve, book.leader(), book.price(), standings);
    }

    @Test
    void withoutALeaderThereWereNoBids() {
      Result result = WinnerDetermination.english(eur("450.00"), null, null, List.of());
      assertThat(result).isEqualTo(new Result(Outcome.NO_BIDS, null, null, List.of()));
    }

    @Test
    void refusesInconsistentState() {
      List<Tender> standings = List.of(bid("alice", "200.00", 1));
      assertThatThrownBy(() -> WinnerDetermination.english(null, null, eur("200.00"), List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> WinnerDetermination.english(null, null, null, standings))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> WinnerDetermination.english(null, "alice", null, standings))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> WinnerDetermination.english(null, "bob", eur("200.00"), standings))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no standing");
      assertThatThrownBy(
              () ->
                  WinnerDetermination.english(
                      null,
                      "alice",
                      eur("200.00"),
                      List.of(bid("alice", "200.00", 1), bid("alice", "300.00", 2))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("listed twice");
    }
  }

  @Nested
  class Dutch {

    @Test
    void theFirstAcceptBuysAtTheAcceptedPrice() {
      Result result = WinnerDetermination.dutch(new Tender(77, "alice", eur("42.50"), 9));
      assertSold(result, "alice", "42.50");
      assertThat(result.ranking()).containsExactly(ranked(1, "alice", "42.50", 77));
      assertThat(result.runnersUp()).isEmpty();
    }

    @Test
    void withoutAnAcceptThereWereNoBids() {
      assertThat(WinnerDetermination.dutch(null))
          .isEqualTo(new Result(Outcome.NO_BIDS, null, null, List.of()));
    }
  }

  @Nested
  class Results {

    @Test
    void theRankingIsAnImmutableCopy() {
      List<Ranked> ranking = new ArrayList<>(List.of(ranked(1, "alice", "10.00", 1)));
      Result result = new Result(Outcome.SOLD, "alice", eur("10.00"), ranking);
      ranking.add(ranked(2, "bob", "5.00", 2));
      assertThat(result.ranking()).hasSize(1);
      assertThatThrownBy(() -> result.ranking().add(ranked(2, "bob", "5.00", 2)))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> result.runnersUp().add(ranked(2, "bob", "5.00", 2)))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesInconsistentResults() {
      List<Ranked> one = List.of(ranked(1, "alice", "10.00", 1));
      assertThatThrownBy(() -> new Result(Outcome.SOLD, null, eur("10.00"), one))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Result(Outcome.SOLD, "alice", null, one))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Result(Outcome.SOLD, "bob", eur("10.00"), one))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ranked first");
      assertThatThrownBy(() -> new Result(Outcome.RESERVE_NOT_MET, "alice", null, one))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Result(Outcome.RESERVE_NOT_MET, null, null, List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Result(Outcome.NO_BIDS, null, null, one))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  new Result(
                      Outcome.RESERVE_NOT_MET,
                      null,
                      null,
                      List.of(ranked(1, "alice", "10.00", 1), ranked(3, "bob", "5.00", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  new Result(
                      Outcome.RESERVE_NOT_MET,
                      null,
                      null,
                      List.of(ranked(1, "alice", "10.00", 1), ranked(2, "alice", "5.00", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Ranked(0, "alice", eur("1.00"), 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
