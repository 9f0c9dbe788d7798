package io.gavel.auction.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A bidder's anonymous identity within one auction: the n-th distinct bidder is shown to
 * everyone as "Bidder n", so the public history never reveals who bid.
 */
@Entity
@Table(name = "auction_participants")
@IdClass(Participant.Key.class)
@NamedQuery(
    name = Participant.OF_AUCTION,
    query = "SELECT p FROM Participant p WHERE p.auctionId = :auctionId")
@NamedQuery(
    name = Participant.OF_AUCTIONS,
    query = "SELECT p FROM Participant p WHERE p.auctionId IN :auctionIds")
public class Participant {

  public static final String OF_AUCTION = "Participant.ofAuction";
  public static final String OF_AUCTIONS = "Participant.ofAuctions";

  @Id
  @Column(name = "auction_id")
  private long auctionId;

  @Id
  @Column(name = "bidder_id")
  private String bidderId;

  @Column(name = "alias_no")
  private int aliasNo;

  @Column(name = "max_amount")
  private java.math.BigDecimal maxAmount;

  @Column(name = "latest_amount")
  private java.math.BigDecimal latestAmount;

  @Column(name = "reached_order")
  private Long reachedOrder;

  protected Participant() {
    // for JPA
  }

  public Participant(long auctionId, String bidderId, int aliasNo) {
    this.auctionId = auctionId;
    this.bidderId = bidderId;
    this.aliasNo = aliasNo;
  }

  public long auctionId() {
    return auctionId;
  }

  public int aliasNo() {
    return aliasNo;
  }

  public String bidderId() {
    return bidderId;
  }

  /** The bidder's standing in the auction's {@link BidBook}, or null before their first bid. */
  public BidBook.Entry standing(java.util.Currency currency) {
    if (maxAmount == null) {
      return null;
    }
    return new BidBook.Entry(
        bidderId, new Money(maxAmount, currency), new Money(latestAmount, currency), reachedOrder);
  }

  /** Takes over the bidder's standing after a bidding command. */
  public void record(BidBook.Entry entry) {
    maxAmount = entry.maximum().amount();
    latestAmount = entry.latestAmount().amount();
    reachedOrder = entry.reachedAt();
  }

  public static String alias(Integer aliasNo) {
    return aliasNo == null ? null : "Bidder " + aliasNo;
  }

  /** Composite key (auction, bidder). */
  public static class Key implements Serializable {
    private long auctionId;
    private String bidderId;

    public Key() {}

    public Key(long auctionId, String bidderId) {
      this.auctionId = auctionId;
      this.bidderId = bidderId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.auctionId == auctionId && Objects.equals(k.bidderId, bidderId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(auctionId, bidderId);
    }
  }
}
