package io.gavel.auction.entity;

/** What an accepted bid changed: the new price, the next minimum, and whether it extended the end. */
public record BidAcceptance(Money currentPrice, Money nextMinimumBid, boolean extended) {}
