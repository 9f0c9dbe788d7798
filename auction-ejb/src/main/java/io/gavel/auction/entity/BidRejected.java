package io.gavel.auction.entity;

/**
 * A bid the rules refuse. Thrown by the aggregate before it changes anything, so a rejection
 * never leaves a half-applied bid behind.
 */
public class BidRejected extends RuntimeException {

  /** The contract's code of a rejection, with its HTTP status. */
  public enum Reason {
    AUCTION_NOT_ACTIVE(409),
    BID_TOO_LOW(422),
    SELLER_CANNOT_BID(403),
    KYC_REQUIRED(403),
    PAYMENT_AUTHORIZATION_REQUIRED(402),
    BIDDER_BLOCKED(403),
    RATE_LIMITED(429),
    INVALID_AMOUNT(422),
    PRICE_CHANGED(409),
    WRONG_AUCTION_TYPE(409);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final transient Money nextMinimumBid;
  private final transient Money currentPrice;

  public BidRejected(Reason reason, String detail) {
    this(reason, detail, null);
  }

  public BidRejected(Reason reason, String detail, Money nextMinimumBid) {
    this(reason, detail, nextMinimumBid, null);
  }

  public BidRejected(Reason reason, String detail, Money nextMinimumBid, Money currentPrice) {
    super(detail, null, false, false);
    this.reason = reason;
    this.nextMinimumBid = nextMinimumBid;
    this.currentPrice = currentPrice;
  }

  /** Set for {@link Reason#PRICE_CHANGED}: the Dutch clock's price now. */
  public Money currentPrice() {
    return currentPrice;
  }

  public Reason reason() {
    return reason;
  }

  /** Set for {@link Reason#BID_TOO_LOW}: what would have been accepted. */
  public Money nextMinimumBid() {
    return nextMinimumBid;
  }
}
