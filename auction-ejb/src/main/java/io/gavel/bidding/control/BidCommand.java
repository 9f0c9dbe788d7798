package io.gavel.bidding.control;

import io.gavel.bidding.entity.Bid;
import io.gavel.bidding.entity.IdempotentRequest;
import io.gavel.users.entity.Caller;

/**
 * One bidding request, as it waits in its auction's queue: a bid, a raised maximum, a
 * cancelled maximum or a Dutch accept (whose {@code amount} is the price the bidder saw), with the caller and (optionally) the request's {@code Idempotency-Key}.
 * Amounts stay the caller's decimal strings; the rules parse them in the auction's currency.
 */
public record BidCommand(
    Kind kind, Caller bidder, String amount, String maxAmount, String idempotencyKey) {

  /** What the bidder asks for, and how the bid log records it when it is not a bid. */
  public enum Kind {
    PLACE(Bid.Kind.MANUAL),
    RAISE_MAXIMUM(Bid.Kind.MAX_RAISED),
    CANCEL_UNUSED(Bid.Kind.MAX_CANCELLED),
    ACCEPT(Bid.Kind.ACCEPT);

    private final Bid.Kind logged;

    Kind(Bid.Kind logged) {
      this.logged = logged;
    }

    public Bid.Kind logged() {
      return logged;
    }
  }

  public static BidCommand place(
      Caller bidder, String amount, String maxAmount, String idempotencyKey) {
    return new BidCommand(Kind.PLACE, bidder, amount, maxAmount, idempotencyKey);
  }

  public static BidCommand raiseMaximum(Caller bidder, String maxAmount, String idempotencyKey) {
    return new BidCommand(Kind.RAISE_MAXIMUM, bidder, null, maxAmount, idempotencyKey);
  }

  public static BidCommand cancelUnused(Caller bidder, String idempotencyKey) {
    return new BidCommand(Kind.CANCEL_UNUSED, bidder, null, null, idempotencyKey);
  }

  public static BidCommand accept(Caller bidder, String price, String idempotencyKey) {
    return new BidCommand(Kind.ACCEPT, bidder, price, null, idempotencyKey);
  }

  /**
   * A fingerprint of what was asked, so a reused Idempotency-Key with another request is caught.
   * A bid's has the form it had before other commands took keys; the others name their kind, so
   * an accept at a price and a bid of that amount differ.
   */
  public String requestHash(long auctionId) {
    String asked = auctionId + "|" + amount + "|" + maxAmount;
    return IdempotentRequest.fingerprint(kind == Kind.PLACE ? asked : kind + "|" + asked);
  }
}
