package io.gavel.catalogue.entity;

import io.gavel.platform.entity.IdBlocks;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/**
 * A node of the category tree. It carries the house's rules for auctions listed under it
 * (commission, KYC level to bid above a threshold, allowed durations); an auction copies them at
 * creation. The rules for sellers (KYC level to sell, verified sellers above a price) are checked
 * when a listing is made or revised.
 */
@Entity
@Table(name = "categories")
@NamedQuery(name = Category.ALL, query = "SELECT c FROM Category c ORDER BY c.id")
public class Category {

  public static final String ALL = "Category.all";

  /** From a block of ids, see {@link IdBlocks}. */
  @Id
  @GeneratedValue(strategy = GenerationType.TABLE, generator = "categories")
  private Long id;

  @Column(name = "parent_id")
  private Long parentId;

  private String name;

  @Column(name = "commission_rate")
  private BigDecimal commissionRate;

  @Column(name = "kyc_level_to_bid")
  private String kycLevelToBid;

  @Column(name = "kyc_threshold")
  private BigDecimal kycThreshold;

  @Column(name = "preauth_threshold")
  private BigDecimal preauthThreshold;

  @Column(name = "kyc_level_to_sell")
  private String kycLevelToSell;

  @Column(name = "verified_seller_threshold")
  private BigDecimal verifiedSellerThreshold;

  @Column(name = "min_duration_seconds")
  private long minDurationSeconds;

  @Column(name = "max_duration_seconds")
  private long maxDurationSeconds;

  protected Category() {
    // for JPA
  }

  /** Whether an auction of {@code seconds} fits this category's limits. */
  public boolean allowsDuration(long seconds) {
    return seconds >= minDurationSeconds && seconds <= maxDurationSeconds;
  }

  /** The rule for bidders: bids (amount or maximum) from the threshold on need the level. */
  public KycRule bidRule() {
    return new KycRule(kycLevelToBid, kycThreshold);
  }

  /** The rule for sellers: the KYC level to list here, and verified sellers above a price. */
  public SellerRule sellerRule() {
    return new SellerRule(name, kycLevelToSell, verifiedSellerThreshold);
  }

  public Long id() {
    return id;
  }

  public Long parentId() {
    return parentId;
  }

  public String name() {
    return name;
  }

  public BigDecimal commissionRate() {
    return commissionRate;
  }

  public String kycLevelToBid() {
    return kycLevelToBid;
  }

  public BigDecimal kycThreshold() {
    return kycThreshold;
  }

  /** Bids (amount or maximum) from this amount on need a covering payment authorisation; null: never. */
  public BigDecimal preauthThreshold() {
    return preauthThreshold;
  }

  /** The KYC level a seller needs to list in this category at all. */
  public String kycLevelToSell() {
    return kycLevelToSell;
  }

  /** Listings priced from this amount on need a verified seller; null: never. */
  public BigDecimal verifiedSellerThreshold() {
    return verifiedSellerThreshold;
  }

  public long minDurationSeconds() {
    return minDurationSeconds;
  }

  public long maxDurationSeconds() {
    return maxDurationSeconds;
  }
}
