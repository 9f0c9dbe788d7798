package io.gavel.auction.messaging;

/**
 * A committed private message for one user (e.g. {@code won}) as it reached this node from the
 * cluster's topic; {@code message} is its JSON (without {@code serverTime}).
 */
public record PrivateMessageReceived(String userId, String type, String message) {}
