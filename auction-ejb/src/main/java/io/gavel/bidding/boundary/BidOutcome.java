package io.gavel.bidding.boundary;

import io.gavel.auction.entity.BidRejected;

/** The answer to a bid: accepted (with the contract's 201 body) or rejected with a reason. */
public sealed interface BidOutcome {

  /**
   * The contract's bid acknowledgement, plus the caller's own maximum (never shown to others).
   * For a sealed bid: status {@code SEALED}, no price or leader, but the amount, and the salt
   * and SHA-256 commitment the bidder needs to check the reveal; for a Dutch accept: {@code WON}.
   */
  record Accepted(
      String bidId,
      String auctionId,
      String status,
      String currentPrice,
      String nextMinimumBid,
      String maxAmount,
      boolean leading,
      long seq,
      String endsAt,
      String serverTime,
      String amount,
      String salt,
      String commitment)
      implements BidOutcome {

    /** A copy with the bid's id and, for a sealed bid, its commitment (known after the write). */
    public Accepted identified(String bidId, String commitment) {
      return new Accepted(
          bidId, auctionId, status, currentPrice, nextMinimumBid, maxAmount, leading, seq, endsAt,
          serverTime, amount, salt, commitment);
    }
  }

  /** Nothing was recorded but an audit entry. */
  record Rejected(
      BidRejected.Reason reason, String detail, String nextMinimumBid, String currentPrice)
      implements BidOutcome {}
}
