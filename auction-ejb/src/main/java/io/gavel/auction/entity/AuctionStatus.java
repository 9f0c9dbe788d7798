package io.gavel.auction.entity;

public enum AuctionStatus {
  SCHEDULED,
  ACTIVE,
  CLOSING,
  CLOSED,
  CANCELLED
}
