package io.gavel.auction.boundary;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.Participant;
import io.gavel.catalogue.entity.KycRule;
import io.gavel.platform.entity.IsoTime;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * The contract's auction representation, as one viewer may see it: the reserve amount only for
 * the seller and staff; for sealed auctions no price or leader until closed. Null members are
 * left out of the JSON, except the contract's {@code nextMinimumBid} (none for Dutch auctions and
 * closed sealed ones), {@code leadingBidder} (nobody leads, or sealed) and the result's {@code
 * winningBidder} and {@code price} (no sale), which are {@code null}: the contract shows them.
 * Extensions of the contract: {@code description}, {@code kycLevelToBid} and
 * {@code kycThreshold} (the identity verification bids need from that amount on), {@code dutch}.
 */
public record AuctionView(
    String id,
    String sellerId,
    String title,
    String description,
    String categoryId,
    String type,
    String status,
    String currency,
    String startingPrice,
    String reservePrice,
    String currentPrice,
    @JsonbNillable String nextMinimumBid,
    int bidCount,
    @JsonbNillable String leadingBidder,
    Boolean reserveMet,
    String startsAt,
    String endsAt,
    String originalEndsAt,
    int extensions,
    int watchers,
    int participants,
    long seq,
    String serverTime,
    String kycLevelToBid,
    String kycThreshold,
    Dutch dutch,
    Result result) {

  /**
   * After CLOSED: the outcome, the anonymised winner and the price; for sealed auctions also the
   * ranked bids with their commitments (from the {@code auction.closed} event).
   */
  public record Result(
      String outcome, @JsonbNillable String winningBidder, @JsonbNillable String price) {}

  /** A Dutch auction's clock: its parameters and when the price drops next (null at the floor). */
  public record Dutch(
      String startPrice, String floorPrice, String decrement, int intervalSeconds, String nextDropAt) {}

  /** This representation with the cluster-wide number of watchers. */
  public AuctionView watchedBy(int count) {
    return new AuctionView(
        id, sellerId, title, description, categoryId, type, status, currency, startingPrice,
        reservePrice, currentPrice, nextMinimumBid, bidCount, leadingBidder, reserveMet, startsAt,
        endsAt, originalEndsAt, extensions, count, participants, seq, serverTime, kycLevelToBid,
        kycThreshold, dutch, result);
  }

  /**
   * The auction as {@code viewer} may see it. The reserve amount: its seller and staff only.
   * Sealed auctions before they close: no price, leader or reserve status for anyone but staff
   * (not even the seller). Dutch: the clock's price now.
   *
   * @param sellerOrStaff whether the viewer is the auction's seller or staff
   * @param staff whether the viewer is staff
   */
  public static AuctionView of(Auction a, boolean sellerOrStaff, boolean staff, Instant now) {
    boolean hidden = a.sealed() && a.status() != AuctionStatus.CLOSED && !staff;
    Money current = a.currentPrice();
    String nextMinimum = a.nextMinimumBid().toString();
    Dutch dutch = null;
    var clock = a.dutchClock();
    if (clock != null) {
      boolean running = a.status() == AuctionStatus.ACTIVE;
      if (running) {
        current = clock.priceAt(a.startsAt(), now);
      }
      nextMinimum = null;
      Instant drop = running ? clock.nextDropAt(a.startsAt(), now) : null;
      dutch =
          new Dutch(
              clock.startPrice().toString(),
              clock.floorPrice().toString(),
              clock.decrement().toString(),
              clock.intervalSeconds(),
              drop == null || !drop.isBefore(a.endsAt()) ? null : IsoTime.format(drop));
    } else if (a.sealed()) {
      nextMinimum = a.status() == AuctionStatus.CLOSED ? null : a.startingPrice().toString();
    }
    Result result = null;
    if (a.status() == AuctionStatus.CLOSED && a.outcome() != null) {
      result =
          new Result(
              a.outcome().name(),
              Participant.alias(a.winnerAlias()),
              a.finalPrice() == null ? null : a.finalPrice().toString());
    }
    if (a.sealed() && a.status() == AuctionStatus.CLOSED) {
      current = a.finalPrice();
    }
    KycRule kyc = a.kycRule();
    return new AuctionView(
        String.valueOf(a.id()),
        a.sellerId(),
        a.title(),
        a.description(),
        String.valueOf(a.categoryId()),
        a.type().name(),
        a.status().name(),
        a.currency().getCurrencyCode(),
        a.startingPrice().toString(),
        sellerOrStaff && a.reservePrice() != null ? a.reservePrice().toString() : null,
        hidden ? null : (current == null ? a.startingPrice() : current).toString(),
        nextMinimum,
        a.bidCount(),
        hidden ? null : Participant.alias(a.leaderAlias()),
        hidden ? null : a.reserveMet(),
        IsoTime.format(a.startsAt()),
        IsoTime.format(a.endsAt()),
        IsoTime.format(a.originalEndsAt()),
        a.extensions(),
        0,
        a.participants(),
        a.seq(),
        IsoTime.format(now),
        kyc.level(),
        kyc.threshold() == null ? null : new Money(kyc.threshold(), a.currency()).toString(),
        dutch,
        result);
  }
}
