package io.gavel.auction.entity;

/**
 * A bid the rules refuse. Thrown by the aggregate before it changes anything, so a rejection
 * never leaves a half-applied bid behind.
 */
public class BidRejected extends RuntimeException {

  public enum Reason {
    AUCTION_NOT_ACTIVE,
    BID_TOO_LOW,
    SELLER_CANNOT_BID,
    KYC_REQUIRED,
    PAYMENT_AUTHORIZATION_REQUIRED,
    BIDDER_BLOCKED,
    RATE_LIMITED,
    INVALID_AMOUNT,
    PRICE_CHANGED,
    WRONG_AUCTION_TYPE
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
