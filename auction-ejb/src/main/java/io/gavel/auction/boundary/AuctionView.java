package io.gavel.auction.boundary;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.Participant;
import io.gavel.platform.entity.IsoTime;
import java.time.Instant;

/**
 * The contract's auction representation, as one viewer may see it: the reserve amount only for
 * the seller and staff; for sealed auctions no price or leader until closed. Null members are
 * left out of the JSON.
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
    String nextMinimumBid,
    int bidCount,
    String leadingBidder,
    boolean reserveMet,
    String startsAt,
    String endsAt,
    String originalEndsAt,
    int extensions,
    int watchers,
    int participants,
    long seq,
    String serverTime,
    Result result) {

  /** After CLOSED: the outcome, the anonymised winner and the price. */
  public record Result(String outcome, String winningBidder, String price) {}

  public static AuctionView of(Auction a, boolean privileged, Instant now) {
    boolean sealed =
        a.type() == AuctionType.SEALED_FIRST_PRICE || a.type() == AuctionType.SEALED_SECOND_PRICE;
    boolean hidden = sealed && a.status() != AuctionStatus.CLOSED;
    Money current = a.currentPrice();
    Result result = null;
    if (a.status() == AuctionStatus.CLOSED && a.outcome() != null) {
      result =
          new Result(
              a.outcome().name(),
              Participant.alias(a.winnerAlias()),
              a.finalPrice() == null ? null : a.finalPrice().toString());
    }
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
        privileged && a.reservePrice() != null ? a.reservePrice().toString() : null,
        hidden ? null : (current == null ? a.startingPrice() : current).toString(),
        hidden ? null : a.nextMinimumBid().toString(),
        a.bidCount(),
        hidden ? null : Participant.alias(a.leaderAlias()),
        a.reserveMet(),
        IsoTime.format(a.startsAt()),
        IsoTime.format(a.endsAt()),
        IsoTime.format(a.originalEndsAt()),
        a.extensions(),
        0,
        a.participants(),
        a.seq(),
        IsoTime.format(now),
        result);
  }
}
