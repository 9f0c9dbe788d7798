package io.gavel.auction.entity;

public enum AuctionType {
  ENGLISH,
  DUTCH,
  SEALED_FIRST_PRICE,
  SEALED_SECOND_PRICE
}
