package io.gavel.auction.boundary;

import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.DutchClock;
import io.gavel.auction.entity.IncrementPolicy;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.SoftClose;
import java.time.Instant;

/**
 * A seller's listing request, already well-formed (types, money syntax and currency checked by
 * the boundary that received it). {@code startsAt} null means now; {@code reservePrice} and
 * {@code softClose} may be null; {@code dutch} is set for DUTCH auctions only.
 */
public record NewAuction(
    String title,
    String description,
    long categoryId,
    AuctionType type,
    Money startingPrice,
    Money reservePrice,
    IncrementPolicy increment,
    Instant startsAt,
    Instant endsAt,
    SoftClose softClose,
    DutchClock dutch,
    String itemJson) {}
