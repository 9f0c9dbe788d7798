package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuctionTest {

  private static final Instant T0 = Instant.parse("2026-12-01T18:00:00.000Z");
  private static final Instant END = T0.plus(Duration.ofHours(1));

  private static Auction english(String reserve, SoftClose softClose) {
    return listed(AuctionType.ENGLISH, "100.00", reserve, softClose, null);
  }

  private static Auction listed(
      AuctionType type, String starting, String reserve, SoftClose softClose, DutchClock dutch) {
    Auction auction = new Auction(
        "seller",
        4,
        "Leica M3, 1956",
        null,
        type,
        Money.of(starting, "EUR"),
        reserve == null ? null : Money.of(reserve, "EUR"),
        IncrementPolicy.table(),
        T0,
        END,
        softClose,
        dutch,
        new BigDecimal("0.10"),
        null,
        T0);
    auction.listed();
    auction.attach(java.util.List.of(), java.util.Map.of());
    return auction;
  }

  /** Ends bidding and closes by the rules, as the lifecycle does in two transactions. */
  private static WinnerDetermination.Result close(Auction auction, Instant now) {
    assertThat(auction.beginClosingIfDue(now)).isTrue();
    assertThat(auction.status()).isEqualTo(AuctionStatus.CLOSING);
    java.util.List<WinnerDetermination.Tender> tenders = new java.util.ArrayList<>();
    for (BidBook.Entry e : auction.standings()) {
      tenders.add(new WinnerDetermination.Tender(e.reachedAt(), e.bidderId(), e.maximum(), e.reachedAt()));
    }
    WinnerDetermination.Result result = auction.determine(tenders);
    auction.close(result, auction.aliasOf(String.valueOf(result.winnerId())), "[]", now);
    return result;
  }

  @Test
  void firstBidMustReachTheStartingPriceLaterOnesTheIncrement() {
    Auction auction = english(null, null);
    assertThat(auction.status()).isEqualTo(AuctionStatus.ACTIVE);
    assertThat(auction.nextMinimumBid().toString()).isEqualTo("100.00");
    assertThatThrownBy(() -> auction.placeBid("alice", 1, Money.of("99.99", "EUR"), null, T0))
        .isInstanceOfSatisfying(
            BidRejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(BidRejected.Reason.BID_TOO_LOW);
              assertThat(r.nextMinimumBid().toString()).isEqualTo("100.00");
            });
    Placement first = auction.placeBid("alice", 1, Money.of("100.00", "EUR"), null, T0);
    assertThat(first.change().price().toString()).isEqualTo("100.00");
    assertThat(first.leading()).isTrue();
    assertThat(auction.nextMinimumBid().toString()).isEqualTo("102.50");
    assertThatThrownBy(() -> auction.placeBid("bob", 2, Money.of("102.49", "EUR"), null, T0))
        .isInstanceOf(BidRejected.class);
    auction.placeBid("bob", 2, Money.of("102.50", "EUR"), null, T0);
    assertThat(auction.leaderAlias()).isEqualTo(2);
    assertThat(auction.bidCount()).isEqualTo(2);
  }

  @Test
  void rejectionsChangeNothing() {
    Auction auction = english(null, null);
    auction.placeBid("alice", 1, Money.of("150.00", "EUR"), null, T0);
    assertThatThrownBy(() -> auction.placeBid("bob", 2, Money.of("150.00", "EUR"), null, T0))
        .isInstanceOf(BidRejected.class);
    assertThat(auction.currentPrice().toString()).isEqualTo("150.00");
    assertThat(auction.leaderId()).isEqualTo("alice");
    assertThat(auction.bidCount()).isEqualTo(1);
  }

  @Test
  void sellerCannotBidAndNobodyBidsOutsideTheOpenWindow() {
    Auction auction = english(null, null);
    assertThatThrownBy(() -> auction.placeBid("seller", 1, Money.of("100.00", "EUR"), null, T0))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.SELLER_CANNOT_BID);
    assertThatThrownBy(() -> auction.placeBid("alice", 1, Money.of("100.00", "EUR"), null, END))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.AUCTION_NOT_ACTIVE);
  }

  @Test
  void softCloseExtendsFromAcceptanceTimeUpToTheCap() {
    Auction auction = english(null, new SoftClose(120, 120, 2));
    Instant early = END.minusSeconds(121);
    assertThat(auction.placeBid("alice", 1, Money.of("100.00", "EUR"), null, early).extended()).isFalse();
    Instant edge = END.minusSeconds(120);
    assertThat(auction.placeBid("bob", 2, Money.of("102.50", "EUR"), null, edge).extended()).isFalse()
        .as("acceptance + extension equals the current end: nothing to move");
    Instant late = END.minusSeconds(10);
    assertThat(auction.placeBid("alice", 1, Money.of("105.00", "EUR"), null, late).extended()).isTrue();
    assertThat(auction.endsAt()).isEqualTo(late.plusSeconds(120));
    Instant later = auction.endsAt().minusSeconds(1);
    auction.placeBid("bob", 2, Money.of("107.50", "EUR"), null, later);
    assertThat(auction.extensions()).isEqualTo(2);
    Instant capped = auction.endsAt().minusSeconds(1);
    assertThat(auction.placeBid("alice", 1, Money.of("110.00", "EUR"), null, capped).extended()).isFalse();
    assertThat(auction.originalEndsAt()).isEqualTo(END);
  }

  @Test
  void aLeadersRaiseToTheReserveIsAProxyBidAtTheReserveAndSellsAtClose() {
    Auction auction = english("450.00", new SoftClose(120, 120, 5));
    auction.placeBid("alice", 1, Money.of("100.00", "EUR"), null, T0);
    Placement quiet = auction.raiseMaximum("alice", 1, Money.of("400.00", "EUR"), T0);
    assertThat(quiet.bid()).isFalse();
    assertThat(quiet.proxyStep()).isFalse();
    assertThat(auction.bidCount()).isEqualTo(1);

    Instant late = END.minusSeconds(10);
    Placement lifted = auction.raiseMaximum("alice", 1, Money.of("500.00", "EUR"), late);
    assertThat(lifted.bid()).isFalse();
    assertThat(lifted.proxyStep()).isTrue();
    assertThat(lifted.leading()).isTrue();
    assertThat(lifted.extended()).as("a price moved inside the window").isTrue();
    assertThat(auction.currentPrice().toString()).isEqualTo("450.00");
    assertThat(auction.bidCount()).isEqualTo(2);
    assertThat(auction.reserveMet()).isTrue();

    WinnerDetermination.Result result = close(auction, auction.endsAt());
    assertThat(result.outcome()).isEqualTo(Outcome.SOLD);
    assertThat(result.price().toString()).isEqualTo("450.00");
  }

  @Test
  void aBidEqualToTheLeadersMaximumIsOutbidAtOnceByTheLeadersProxyBid() {
    Auction auction = english(null, null);
    auction.placeBid("alice", 1, Money.of("100.00", "EUR"), Money.of("200.00", "EUR"), T0);
    Placement tie = auction.placeBid("bob", 2, Money.of("200.00", "EUR"), null, T0);
    assertThat(tie.leading()).isFalse();
    assertThat(auction.currentPrice().toString()).isEqualTo("200.00");
    assertThat(tie.proxyStep()).as("alice's proxy bid at 200.00 goes into the history").isTrue();
    assertThat(auction.bidCount()).isEqualTo(3);
  }

  @Test
  void closesOnceWithTheRightOutcome() {
    Auction noBids = english(null, null);
    assertThat(noBids.beginClosingIfDue(END.minusMillis(1))).isFalse();
    close(noBids, END);
    assertThat(noBids.outcome()).isEqualTo(Outcome.NO_BIDS);
    assertThat(noBids.status()).isEqualTo(AuctionStatus.CLOSED);
    assertThat(noBids.beginClosingIfDue(END.plusSeconds(5))).isFalse();
    assertThat(noBids.nextDueAt()).isNull();

    Auction belowReserve = english("450.00", null);
    belowReserve.placeBid("alice", 1, Money.of("449.00", "EUR"), null, T0);
    close(belowReserve, END);
    assertThat(belowReserve.outcome()).isEqualTo(Outcome.RESERVE_NOT_MET);
    assertThat(belowReserve.winnerId()).isNull();

    Auction sold = english("450.00", null);
    sold.placeBid("bob", 2, Money.of("300.00", "EUR"), Money.of("440.00", "EUR"), T0);
    sold.placeBid("alice", 1, Money.of("450.00", "EUR"), null, T0);
    WinnerDetermination.Result result = close(sold, END);
    assertThat(sold.outcome()).isEqualTo(Outcome.SOLD);
    assertThat(sold.winnerAlias()).isEqualTo(1);
    assertThat(sold.finalPrice().toString()).isEqualTo("450.00");
    assertThat(result.runnersUp()).extracting(WinnerDetermination.Ranked::bidderId).containsExactly("bob");
  }

  @Test
  void scheduledAuctionsStartAtTheirStartTimeAndFreezeTheirRules() {
    Auction auction =
        new Auction("seller", 4, "x", null, AuctionType.ENGLISH, Money.of("1.00", "EUR"), null,
            IncrementPolicy.table(), T0, END, null, null, BigDecimal.ONE, null, T0.minusSeconds(60));
    auction.listed();
    assertThat(auction.status()).isEqualTo(AuctionStatus.SCHEDULED);
    assertThat(auction.nextDueAt()).isEqualTo(T0);
    assertThat(auction.startIfDue(T0.minusMillis(1))).isFalse();
    assertThat(auction.startIfDue(T0)).isTrue();
    assertThat(auction.status()).isEqualTo(AuctionStatus.ACTIVE);
    assertThat(auction.nextDueAt()).isEqualTo(END);
    AuctionRules frozen = auction.rules();
    assertThat(AuctionRules.decode(frozen.encode())).isEqualTo(frozen);
    assertThat(frozen.commissionRate()).isEqualByComparingTo("1");
  }

  @Test
  void rulesSnapshotRoundTripsEveryParameter() {
    AuctionRules rules =
        new AuctionRules(
            AuctionType.DUTCH,
            java.util.Currency.getInstance("EUR"),
            Money.of("900.00", "EUR"),
            null,
            IncrementPolicy.custom(
                java.util.List.of(
                    new IncrementPolicy.Step(new BigDecimal("0.00"), new BigDecimal("1.00")),
                    new IncrementPolicy.Step(new BigDecimal("100.00"), new BigDecimal("5.00")))),
            null,
            new DutchClock(Money.of("900.00", "EUR"), Money.of("300.00", "EUR"), Money.of("25.00", "EUR"), 60),
            new BigDecimal("0.1250"),
            "VERIFIED",
            new BigDecimal("10000.00"),
            new BigDecimal("1000.00"));
    assertThat(AuctionRules.decode(rules.encode())).isEqualTo(rules);
    AuctionRules english =
        new AuctionRules(
            AuctionType.ENGLISH, java.util.Currency.getInstance("JPY"), Money.of("100", "JPY"),
            Money.of("450", "JPY"), IncrementPolicy.fixed(new BigDecimal("5")), new SoftClose(120, 60, 3),
            null, new BigDecimal("0.10"), "NONE", null, null);
    assertThat(AuctionRules.decode(english.encode())).isEqualTo(english);
  }

  @Test
  void cancellingIsForOpenAuctionsAndOnlyStaffMayCancelOneWithBids() {
    Auction auction = english(null, null);
    auction.placeBid("alice", 1, Money.of("100.00", "EUR"), null, T0);
    assertThatThrownBy(() -> auction.cancel(false, T0)).isInstanceOf(IllegalStateException.class);
    assertThat(auction.status()).isEqualTo(AuctionStatus.ACTIVE);
    auction.cancel(true, T0);
    assertThat(auction.status()).isEqualTo(AuctionStatus.CANCELLED);
    assertThat(auction.nextDueAt()).isNull();
    assertThatThrownBy(() -> auction.placeBid("bob", 2, Money.of("150.00", "EUR"), null, T0))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.AUCTION_NOT_ACTIVE);
    assertThatThrownBy(() -> auction.cancel(true, T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sealedBidsReplaceEarlierOnesAndCloseByTheirRules() {
    Auction auction = listed(AuctionType.SEALED_SECOND_PRICE, "100.00", "300.00", null, null);
    assertThatThrownBy(() -> auction.placeBid("alice", 1, Money.of("99.99", "EUR"), null, T0))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.BID_TOO_LOW);
    assertThatThrownBy(
            () -> auction.placeBid("alice", 1, Money.of("200.00", "EUR"), Money.of("300.00", "EUR"), T0))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.INVALID_AMOUNT);
    assertThatThrownBy(() -> auction.raiseMaximum("alice", 1, Money.of("300.00", "EUR"), T0))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.WRONG_AUCTION_TYPE);
    auction.placeBid("alice", 1, Money.of("500.00", "EUR"), null, T0);
    auction.placeBid("bob", 2, Money.of("400.00", "EUR"), null, T0);
    auction.placeBid("alice", 1, Money.of("350.00", "EUR"), null, T0.plusSeconds(1));
    assertThat(auction.bidCount()).as("bidders, not bids").isEqualTo(2);
    assertThat(auction.leaderId()).isEqualTo("bob");
    assertThat(auction.standings()).hasSize(2);
    WinnerDetermination.Result result = close(auction, END);
    assertThat(result.winnerId()).isEqualTo("bob");
    assertThat(auction.finalPrice().toString())
        .as("second price: alice's replacing 350.00, above the reserve")
        .isEqualTo("350.00");
  }

  @Test
  void aDutchAuctionIsWonByTheFirstAcceptAtTheClockPrice() {
    DutchClock clock =
        new DutchClock(Money.of("900.00", "EUR"), Money.of("300.00", "EUR"), Money.of("25.00", "EUR"), 60);
    Auction auction = listed(AuctionType.DUTCH, "900.00", null, null, clock);
    assertThat(auction.endsAt()).as("the clock closes before the listed end").isEqualTo(clock.closesAt(T0));
    assertThat(auction.nextDueAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(auction.dropPriceIfDue(T0.plusSeconds(59))).isFalse();
    assertThat(auction.dropPriceIfDue(T0.plusSeconds(60))).isTrue();
    assertThat(auction.nextDueAt()).isEqualTo(T0.plusSeconds(120));
    assertThatThrownBy(() -> auction.placeBid("alice", 1, Money.of("875.00", "EUR"), null, T0))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.WRONG_AUCTION_TYPE);
    Instant at = T0.plusSeconds(61);
    assertThatThrownBy(() -> auction.accept("alice", 1, Money.of("900.00", "EUR"), at))
        .isInstanceOfSatisfying(
            BidRejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(BidRejected.Reason.PRICE_CHANGED);
              assertThat(r.currentPrice().toString()).isEqualTo("875.00");
            });
    auction.accept("alice", 1, Money.of("875.00", "EUR"), at);
    WinnerDetermination.Result result =
        auction.determine(
            java.util.List.of(new WinnerDetermination.Tender(7, "alice", Money.of("875.00", "EUR"), 1)));
    auction.close(result, 1, "[]", at);
    assertThat(auction.status()).isEqualTo(AuctionStatus.CLOSED);
    assertThat(auction.outcome()).isEqualTo(Outcome.SOLD);
    assertThat(auction.finalPrice().toString()).isEqualTo("875.00");
    assertThatThrownBy(() -> auction.accept("bob", 2, Money.of("875.00", "EUR"), at))
        .extracting(e -> ((BidRejected) e).reason())
        .isEqualTo(BidRejected.Reason.AUCTION_NOT_ACTIVE);
  }

  @Test
  void aDutchClockThatReachesItsFloorUnacceptedEndsWithNoBids() {
    DutchClock clock =
        new DutchClock(Money.of("100.00", "EUR"), Money.of("60.00", "EUR"), Money.of("25.00", "EUR"), 60);
    Auction auction = listed(AuctionType.DUTCH, "100.00", null, null, clock);
    assertThat(auction.endsAt()).isEqualTo(T0.plusSeconds(180));
    close(auction, auction.endsAt());
    assertThat(auction.outcome()).isEqualTo(Outcome.NO_BIDS);
  }

  @Test
  void onlyEnglishAuctionsHaveSoftCloseAndOnlyDutchOnesAClock() {
    DutchClock clock =
        new DutchClock(Money.of("900.00", "EUR"), Money.of("300.00", "EUR"), Money.of("25.00", "EUR"), 60);
    assertThatThrownBy(() -> listed(AuctionType.ENGLISH, "100.00", null, null, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> listed(AuctionType.DUTCH, "900.00", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> listed(AuctionType.SEALED_FIRST_PRICE, "100.00", null, new SoftClose(60, 60, 1), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyEventTakesTheNextSeq() {
    Auction auction = english(null, null);
    assertThat(auction.nextSeq()).isEqualTo(1);
    assertThat(auction.nextSeq()).isEqualTo(2);
    assertThat(auction.seq()).isEqualTo(2);
  }

  @Test
  void reserveBelowStartingPriceIsRefused() {
    assertThatThrownBy(() -> english("99.00", null)).hasMessageContaining("reservePrice");
  }

  @Test
  void theKycRuleAppliesToAmountsAndMaximumsFromTheThresholdOn() {
    Auction auction = english(null, null);
    auction.requireKyc("VERIFIED", new BigDecimal("10000.00"));
    Money below = Money.of("9999.99", "EUR");
    Money at = Money.of("10000.00", "EUR");
    auction.requireVerified("alice", "NONE", below, null, T0);
    auction.requireVerified("alice", "BASIC", below, below, T0);
    for (String level : new String[] {"NONE", "BASIC"}) {
      assertThatThrownBy(() -> auction.requireVerified("alice", level, at, null, T0))
          .isInstanceOfSatisfying(
              BidRejected.class, r -> assertThat(r.reason()).isEqualTo(BidRejected.Reason.KYC_REQUIRED));
      assertThatThrownBy(() -> auction.requireVerified("alice", level, below, at, T0))
          .isInstanceOf(BidRejected.class);
      assertThatThrownBy(() -> auction.requireVerified("alice", level, null, at, T0))
          .isInstanceOf(BidRejected.class);
    }
    auction.requireVerified("alice", "VERIFIED", at, Money.of("50000.00", "EUR"), T0);
  }

  @Test
  void withoutAThresholdTheKycRuleAppliesToEveryBidAndAClosedAuctionRefusesFirst() {
    Auction auction = english(null, null);
    auction.requireKyc("BASIC", null);
    Money small = Money.of("100.00", "EUR");
    assertThatThrownBy(() -> auction.requireVerified("alice", "NONE", small, null, T0))
        .isInstanceOfSatisfying(
            BidRejected.class, r -> assertThat(r.reason()).isEqualTo(BidRejected.Reason.KYC_REQUIRED));
    auction.requireVerified("alice", "BASIC", small, null, T0);
    assertThatThrownBy(() -> auction.requireVerified("alice", "NONE", small, null, END))
        .isInstanceOfSatisfying(
            BidRejected.class,
            r -> assertThat(r.reason()).isEqualTo(BidRejected.Reason.AUCTION_NOT_ACTIVE));
    assertThatThrownBy(() -> auction.requireVerified("seller", "NONE", small, null, T0))
        .isInstanceOfSatisfying(
            BidRejected.class,
            r -> assertThat(r.reason()).isEqualTo(BidRejected.Reason.SELLER_CANNOT_BID));
    assertThatThrownBy(() -> auction.requireKyc("PLATINUM", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPaymentAuthorizationMustCoverTheLargerOfAmountAndMaximumFromTheThresholdOn() {
    Auction auction = english(null, null);
    assertThat(auction.authorizationNeeded(Money.of("50000.00", "EUR"), null)).isNull();
    auction.requirePaymentAuthorization(new BigDecimal("1000.00"));
    assertThat(auction.authorizationNeeded(Money.of("999.99", "EUR"), null)).isNull();
    assertThat(auction.authorizationNeeded(Money.of("999.99", "EUR"), Money.of("999.99", "EUR"))).isNull();
    assertThat(auction.authorizationNeeded(Money.of("1000.00", "EUR"), null).toString()).isEqualTo("1000.00");
    assertThat(auction.authorizationNeeded(Money.of("500.00", "EUR"), Money.of("2500.00", "EUR")).toString())
        .isEqualTo("2500.00");
    assertThat(auction.authorizationNeeded(null, Money.of("1200.00", "EUR")).toString()).isEqualTo("1200.00");
    assertThat(auction.authorizationNeeded(null, null)).isNull();
  }
}
