package io.gavel.bidding.boundary;

/**
 * One of the caller's own bidding commands, as only they see it: with their maximum (proxy) and,
 * for sealed bids, their amount. {@code type}: MANUAL, PROXY (placed for them by their maximum),
 * MAX_RAISED, MAX_CANCELLED, SEALED or ACCEPT.
 */
public record OwnBid(
    String bidId,
    String auctionId,
    String auctionTitle,
    String auctionStatus,
    String type,
    String amount,
    String maxAmount,
    String at) {}
