package io.gavel.bidding.boundary;

/** One line of an auction's public bid history; bidders appear only as "Bidder n". */
public record BidHistoryEntry(
    String bidId, String bidder, String amount, String type, String at, boolean mine) {}
