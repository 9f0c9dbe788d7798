package io.gavel.auction.messaging;

/**
 * A committed public auction event as it reached this node from the cluster's topic. {@code
 * message} is the event's public JSON (without {@code serverTime}).
 */
public record AuctionEventReceived(long auctionId, long seq, String type, String message) {}
