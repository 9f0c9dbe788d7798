package io.gavel.auction.entity;

import java.time.Instant;

/** Fired when an auction's start or end time was set or moved; timers follow it after commit. */
public record AuctionScheduled(long auctionId, Instant startsAt, Instant endsAt) {}
