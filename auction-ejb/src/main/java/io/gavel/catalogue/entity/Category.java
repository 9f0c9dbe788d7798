package io.gavel.catalogue.entity;

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
 * creation.
 */
@Entity
@Table(name = "categories")
@NamedQuery(name = Category.ALL, query = "SELECT c FROM Category c ORDER BY c.id")
public class Category {

  public static final String ALL = "Category.all";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
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

  public long minDurationSeconds() {
    return minDurationSeconds;
  }

  public long maxDurationSeconds() {
    return maxDurationSeconds;
  }
}
