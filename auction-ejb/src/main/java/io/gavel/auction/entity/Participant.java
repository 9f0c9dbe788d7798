package io.gavel.auction.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
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
public class Participant {

  @Id
  @Column(name = "auction_id")
  private long auctionId;

  @Id
  @Column(name = "bidder_id")
  private String bidderId;

  @Column(name = "alias_no")
  private int aliasNo;

  protected Participant() {
    // for JPA
  }

  public Participant(long auctionId, String bidderId, int aliasNo) {
    this.auctionId = auctionId;
    this.bidderId = bidderId;
    this.aliasNo = aliasNo;
  }

  public int aliasNo() {
    return aliasNo;
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
