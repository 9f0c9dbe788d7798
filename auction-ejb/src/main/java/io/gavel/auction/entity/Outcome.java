package io.gavel.auction.entity;

public enum Outcome {
  SOLD,
  RESERVE_NOT_MET,
  NO_BIDS
}
