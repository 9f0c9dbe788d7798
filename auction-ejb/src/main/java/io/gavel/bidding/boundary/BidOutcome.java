package io.gavel.bidding.boundary;

import io.gavel.auction.entity.BidRejected;

/** The answer to a bid: accepted (with the contract's 201 body) or rejected with a reason. */
public sealed interface BidOutcome {

  /** The contract's bid acknowledgement, plus the caller's own maximum (never shown to others). */
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
      String serverTime)
      implements BidOutcome {}

  /** Nothing was recorded but an audit entry. */
  record Rejected(BidRejected.Reason reason, String detail, String nextMinimumBid)
      implements BidOutcome {}
}
