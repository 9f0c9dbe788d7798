package io.gavel.auction.boundary;

import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.DutchClock;
import io.gavel.auction.entity.IncrementPolicy;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.SoftClose;
import io.gavel.catalogue.entity.KycRule;
import java.time.Instant;

/**
 * A seller's listing request, already well-formed (types, money syntax and currency checked by
 * the boundary that received it). {@code startsAt} null means now; {@code reservePrice} and
 * {@code softClose} may be null; {@code dutch} is set for DUTCH auctions only. {@code kycRule}
 * (may be null: the category's) is the auction's own rule for bidders; it may tighten the
 * category's rule, never loosen it.
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
    String itemJson,
    KycRule kycRule) {}
