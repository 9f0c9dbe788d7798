package io.gavel.auction.boundary;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A seller's changes to a listing ({@code PATCH /auctions/{id}}); null members stay as they are.
 * Text may change while the auction runs; the price rules and times only before it starts.
 */
public record Revision(
    String title,
    String description,
    String itemJson,
    Money startingPrice,
    Money reservePrice,
    Instant startsAt,
    Instant endsAt) {

  /** Whether it touches the price rules or the times, which freeze when the auction starts. */
  public boolean changesRules() {
    return startingPrice != null || reservePrice != null || startsAt != null || endsAt != null;
  }

  /** The listing as it would read with these changes, to check it like a new one. */
  NewAuction appliedTo(Auction auction) {
    return new NewAuction(
        title != null ? title : auction.title(),
        description != null ? description : auction.description(),
        auction.categoryId(),
        auction.type(),
        startingPrice != null ? startingPrice : auction.startingPrice(),
        reservePrice != null ? reservePrice : auction.reservePrice(),
        auction.incrementPolicy(),
        startsAt != null ? startsAt : auction.startsAt(),
        endsAt != null ? endsAt : auction.originalEndsAt(),
        auction.softClose(),
        auction.dutchClock(),
        itemJson != null ? itemJson : auction.itemJson(),
        auction.kycRule());
  }

  /** The changed fields' names, for the audit log. */
  String fieldNames() {
    List<String> names = new ArrayList<>();
    if (title != null) names.add("title");
    if (description != null) names.add("description");
    if (itemJson != null) names.add("item");
    if (startingPrice != null) names.add("startingPrice");
    if (reservePrice != null) names.add("reservePrice");
    if (startsAt != null) names.add("startsAt");
    if (endsAt != null) names.add("endsAt");
    return String.join(",", names);
  }
}
