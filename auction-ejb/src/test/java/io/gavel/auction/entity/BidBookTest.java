package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Worked examples of the contract's English bidding rules. */
class BidBookTest {

  private static Money eur(String amount) {
    return Money.of(amount, "EUR");
  }

  private static BidBook book(String starting, String reserve) {
    return BidBook.open(eur(starting), reserve == null ? null : eur(reserve), IncrementPolicy.table());
  }

  @Test
  void aProxyOutbidsALowerBidAtOnceByOneIncrementOverIt() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), eur("300.00"), 1);
    assertThat(book.price()).isEqualTo(eur("100.00"));
    BidBook.Change change = book.place("bob", eur("135.00"), null, 2);
    assertThat(change.leader()).isEqualTo("alice");
    assertThat(change.leaderChanged()).isFalse();
    assertThat(book.price()).isEqualTo(eur("137.50"));
    assertThat(book.nextMinimumBid()).isEqualTo(eur("140.00"));
  }

  @Test
  void equalMaximumsGoToWhoeverReachedThemFirstAtThatMaximum() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), eur("200.00"), 1);
    book.place("bob", eur("102.50"), eur("200.00"), 2);
    assertThat(book.leader()).isEqualTo("alice");
    assertThat(book.price()).isEqualTo(eur("200.00"));
  }

  @Test
  void theNewcomerWinsWithAHigherMaximumAtOneIncrementOverTheOldOne() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), eur("200.00"), 1);
    BidBook.Change change = book.place("bob", eur("102.50"), eur("500.00"), 2);
    assertThat(change.leaderChanged()).isTrue();
    assertThat(book.leader()).isEqualTo("bob");
    assertThat(book.price()).isEqualTo(eur("202.50"));
  }

  @Test
  void offGridMaximumsGiveOffGridPrices() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), eur("137.33"), 1);
    book.place("bob", eur("102.50"), eur("900.00"), 2);
    assertThat(book.price()).isEqualTo(eur("139.83"));
    assertThat(book.nextMinimumBid()).isEqualTo(eur("142.33"));
  }

  @Test
  void thePriceIsCappedAtTheLeadersMaximum() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), eur("199.00"), 1);
    book.place("bob", eur("102.50"), eur("200.00"), 2);
    assertThat(book.leader()).isEqualTo("bob");
    assertThat(book.price()).isEqualTo(eur("200.00"));
  }

  @Test
  void thePriceJumpsToTheReserveOnceTheLeadersMaximumReachesIt() {
    BidBook book = book("100.00", "450.00");
    book.place("alice", eur("100.00"), eur("500.00"), 1);
    assertThat(book.price()).isEqualTo(eur("450.00"));
    assertThat(book.reserveMet()).isTrue();
  }

  @Test
  void aMaximumBelowTheReserveLeavesThePriceAtTheFormula() {
    BidBook book = book("100.00", "450.00");
    book.place("alice", eur("100.00"), eur("400.00"), 1);
    book.place("bob", eur("102.50"), eur("300.00"), 2);
    assertThat(book.leader()).isEqualTo("alice");
    assertThat(book.price()).isEqualTo(eur("305.00"));
    assertThat(book.reserveMet()).isFalse();
  }

  @Test
  void incrementTiersApplyAtTheRunnerUpsMaximum() {
    BidBook low = book("0.50", null);
    low.place("alice", eur("0.50"), eur("0.99"), 1);
    low.place("bob", eur("0.55"), eur("10.00"), 2);
    assertThat(low.price()).isEqualTo(eur("1.04"));

    BidBook tier = book("0.50", null);
    tier.place("alice", eur("0.50"), eur("1.00"), 1);
    tier.place("bob", eur("0.55"), eur("10.00"), 2);
    assertThat(tier.price()).isEqualTo(eur("1.25"));

    BidBook thousand = book("900.00", null);
    thousand.place("alice", eur("900.00"), eur("999.99"), 1);
    thousand.place("bob", eur("910.00"), eur("5000.00"), 2);
    assertThat(thousand.price()).isEqualTo(eur("1009.99"));

    BidBook atThousand = book("900.00", null);
    atThousand.place("alice", eur("900.00"), eur("1000.00"), 1);
    atThousand.place("bob", eur("910.00"), eur("5000.00"), 2);
    assertThat(atThousand.price()).isEqualTo(eur("1025.00"));
  }

  @Test
  void aboveFiveThousandTheIncrementIsAHundred() {
    BidBook book = book("5000.00", null);
    book.place("alice", eur("5000.00"), eur("7777.00"), 1);
    book.place("bob", eur("5100.00"), eur("99999.00"), 2);
    assertThat(book.price()).isEqualTo(eur("7877.00"));
  }

  @Test
  void theLeaderRaisesTheirMaximumWithoutRaisingThePrice() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), eur("200.00"), 1);
    book.place("bob", eur("102.50"), eur("200.00"), 2);
    BidBook.Change change = book.raiseMaximum("alice", eur("400.00"), 3);
    assertThat(change.priceChanged()).isFalse();
    assertThat(book.price()).isEqualTo(eur("200.00"));
    assertThat(book.entry("alice").maximum()).isEqualTo(eur("400.00"));
  }

  @Test
  void theLeaderRaisingTheirMaximumToTheReserveLiftsThePriceToTheReserveAndNoFurther() {
    BidBook book = book("100.00", "450.00");
    book.place("alice", eur("100.00"), null, 1);
    book.place("bob", eur("105.00"), eur("200.00"), 2);
    assertThat(book.price()).isEqualTo(eur("105.00"));

    BidBook.Change short_ = book.raiseMaximum("bob", eur("449.99"), 3);
    assertThat(short_.priceChanged()).isFalse();
    assertThat(book.reserveMet()).isFalse();

    BidBook.Change reaches = book.raiseMaximum("bob", eur("500.00"), 4);
    assertThat(reaches.priceChanged()).isTrue();
    assertThat(reaches.previousPrice()).isEqualTo(eur("105.00"));
    assertThat(book.price()).isEqualTo(eur("450.00"));
    assertThat(book.reserveMet()).isTrue();
    assertThat(book.leader()).isEqualTo("bob");

    BidBook.Change beyond = book.raiseMaximum("bob", eur("900.00"), 5);
    assertThat(beyond.priceChanged()).as("above the reserve a raise is no bid again").isFalse();
    assertThat(book.price()).isEqualTo(eur("450.00"));
  }

  @Test
  void aMaximumSetBySomeoneNotLeadingMustReachTheNextBid() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), null, 1);
    assertThatThrownBy(() -> book.raiseMaximum("bob", eur("102.49"), 2))
        .isInstanceOfSatisfying(
            BidRejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(BidRejected.Reason.BID_TOO_LOW);
              assertThat(r.nextMinimumBid()).isEqualTo(eur("102.50"));
            });
    assertThat(book.entry("bob")).isNull();
    book.raiseMaximum("bob", eur("102.50"), 3);
    assertThat(book.leader()).isEqualTo("bob");
    assertThat(book.price()).isEqualTo(eur("102.50"));
  }

  @Test
  void cancellingTheUnusedPartNeverGoesBelowWhatWasBid() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), eur("300.00"), 1);
    book.place("bob", eur("135.00"), null, 2);
    book.cancelUnused("alice", 3);
    assertThat(book.entry("alice").maximum()).isEqualTo(eur("137.50"));
    assertThat(book.price()).isEqualTo(eur("137.50"));
    assertThat(book.leader()).isEqualTo("alice");
  }

  @Test
  void rejectionsChangeNothing() {
    BidBook book = book("100.00", null);
    book.place("alice", eur("100.00"), null, 1);
    assertThatThrownBy(() -> book.place("bob", eur("102.49"), null, 2))
        .isInstanceOfSatisfying(
            BidRejected.class,
            r -> assertThat(r.nextMinimumBid()).isEqualTo(eur("102.50")));
    assertThatThrownBy(() -> book.place("bob", eur("110.00"), eur("105.00"), 3))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.INVALID_AMOUNT);
    assertThat(book.entry("bob")).isNull();
    assertThat(book.price()).isEqualTo(eur("100.00"));
  }
}
