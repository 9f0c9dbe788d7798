package io.gavel.auction.entity;

/**
 * What a bidding command did to an auction.
 *
 * @param change price and leader before and after
 * @param bid whether it was a bid (announced as {@code bid.placed}); a leader's raise or a
 *     cancelled maximum is not
 * @param proxyStep whether a proxy bid for the leader at the new price follows the command in
 *     the history (announced as {@code bid.placed}): after a bid, when the price differs from the
 *     amount bid; after a leader's raise, when it lifted the price to the reserve
 * @param extended whether soft close moved the end
 * @param leading whether the bidder leads afterwards
 * @param orderNo the command's position in the auction's history
 */
public record Placement(
    BidBook.Change change,
    boolean bid,
    boolean proxyStep,
    boolean extended,
    boolean leading,
    long orderNo) {}
