package io.gavel.bidding.entity;

import io.gavel.platform.entity.IdBlocks;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An accepted bid. Append-only: once written, a bid is never changed or deleted. It refers to
 * the auction by id and to the auction event ({@code seq}) that announced it.
 */
@Entity
@Table(name = "bids")
@NamedQuery(
    name = Bid.OF_AUCTION,
    query =
        "SELECT b FROM Bid b WHERE b.auctionId = :auctionId AND b.kind IN"
            + " (io.gavel.bidding.entity.Bid.Kind.MANUAL, io.gavel.bidding.entity.Bid.Kind.PROXY,"
            + " io.gavel.bidding.entity.Bid.Kind.SEALED, io.gavel.bidding.entity.Bid.Kind.ACCEPT)"
            + " ORDER BY b.orderNo DESC, b.kind DESC, b.id DESC")
@NamedQuery(
    name = Bid.COUNT_OF_AUCTION,
    query =
        "SELECT COUNT(b) FROM Bid b WHERE b.auctionId = :auctionId AND b.kind IN"
            + " (io.gavel.bidding.entity.Bid.Kind.MANUAL, io.gavel.bidding.entity.Bid.Kind.PROXY,"
            + " io.gavel.bidding.entity.Bid.Kind.SEALED, io.gavel.bidding.entity.Bid.Kind.ACCEPT)")
@NamedQuery(
    name = Bid.SEALED,
    query =
        "SELECT b FROM Bid b WHERE b.auctionId = :auctionId"
            + " AND b.kind = io.gavel.bidding.entity.Bid.Kind.SEALED ORDER BY b.orderNo")
@NamedQuery(
    name = Bid.OF_BIDDER,
    query =
        "SELECT b, a FROM Bid b, io.gavel.auction.entity.Auction a"
            + " WHERE b.bidderId = :bidderId AND a.id = b.auctionId ORDER BY b.id DESC")
@NamedQuery(name = Bid.COUNT_OF_BIDDER, query = "SELECT COUNT(b) FROM Bid b WHERE b.bidderId = :bidderId")
@NamedQuery(
    name = Bid.HISTORY,
    query = "SELECT b FROM Bid b WHERE b.auctionId = :auctionId ORDER BY b.orderNo, b.id")
public class Bid {

  public static final String OF_AUCTION = "Bid.ofAuction";
  public static final String COUNT_OF_AUCTION = "Bid.countOfAuction";
  public static final String HISTORY = "Bid.history";
  public static final String OF_BIDDER = "Bid.ofBidder";
  public static final String COUNT_OF_BIDDER = "Bid.countOfBidder";
  public static final String SEALED = "Bid.sealed";

  /** The row of {@link IdBlocks#TABLE} that bid ids come from. */
  public static final String IDS = "bids";

  /**
   * MANUAL: the bidder's own bid; PROXY: the system bidding for the leader up to their maximum.
   * MAX_RAISED and MAX_CANCELLED record changes of a maximum that were not bids, so the history
   * replays completely; they are never shown publicly. SEALED: a sealed bid (the bidder's latest
   * counts); ACCEPT: the accept that won a Dutch auction.
   */
  public enum Kind {
    MANUAL,
    PROXY,
    MAX_RAISED,
    MAX_CANCELLED,
    SEALED,
    ACCEPT
  }

  /**
   * From a block of the sequence {@value #IDS} (see {@link IdBlocks}), given by the writer before
   * the row is written: bids are inserted with plain SQL, many rows at once, never by JPA.
   */
  @Id private Long id;

  @Column(name = "auction_id")
  private long auctionId;

  @Column(name = "bidder_id")
  private String bidderId;

  private BigDecimal amount;

  @Column(name = "max_amount")
  private BigDecimal maxAmount;

  @Enumerated(EnumType.STRING)
  private Kind kind;

  private long seq;

  @Column(name = "order_no")
  private long orderNo;

  @Column(name = "placed_at")
  private Instant placedAt;

  @Column(name = "client_ip")
  private String clientIp;

  @Column(name = "user_agent")
  private String userAgent;

  /** Sealed bids: the random salt of the bid's commitment, given to the bidder only. */
  private String salt;

  protected Bid() {
    // for JPA
  }

  public Bid(
      long auctionId,
      String bidderId,
      BigDecimal amount,
      BigDecimal maxAmount,
      Kind kind,
      long seq,
      long orderNo,
      Instant placedAt,
      String clientIp,
      String userAgent) {
    this.auctionId = auctionId;
    this.bidderId = bidderId;
    this.amount = amount;
    this.maxAmount = maxAmount;
    this.kind = kind;
    this.seq = seq;
    this.orderNo = orderNo;
    this.placedAt = placedAt;
    this.clientIp = clientIp;
    this.userAgent = userAgent;
  }

  public Long id() {
    return id;
  }

  public long auctionId() {
    return auctionId;
  }

  public String bidderId() {
    return bidderId;
  }

  public BigDecimal amount() {
    return amount;
  }

  public BigDecimal maxAmount() {
    return maxAmount;
  }

  public long orderNo() {
    return orderNo;
  }

  public Kind kind() {
    return kind;
  }

  public long seq() {
    return seq;
  }

  public Instant placedAt() {
    return placedAt;
  }

  /** Gives the bid its id (once, before it is written). */
  public Bid numbered(long id) {
    if (this.id != null) {
      throw new IllegalStateException("bid " + this.id + " is numbered already");
    }
    this.id = id;
    return this;
  }

  public String clientIp() {
    return clientIp;
  }

  public String userAgent() {
    return userAgent;
  }

  /** Gives a sealed bid the salt of its commitment (before it is first written). */
  public Bid salted(String salt) {
    if (id != null) {
      throw new IllegalStateException("a sealed bid is salted before it is numbered and written");
    }
    this.salt = salt;
    return this;
  }

  public String salt() {
    return salt;
  }
}
