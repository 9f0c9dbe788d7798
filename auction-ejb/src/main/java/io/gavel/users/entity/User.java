package io.gavel.users.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person's Gavel profile, keyed by the identity provider's subject. Created on the first
 * authenticated request; the identity provider stays the authority for credentials and roles,
 * Gavel for KYC level, seller verification and account status.
 */
@Entity
@Table(name = "users")
@NamedQuery(name = User.BY_IDS, query = "SELECT u FROM User u WHERE u.id IN :ids")
public class User {

  public static final String BY_IDS = "User.byIds";

  public enum KycLevel {
    NONE,
    BASIC,
    VERIFIED
  }

  public enum Status {
    ACTIVE,
    SUSPENDED,
    BLOCKED
  }

  @Id private String id;

  private String username;

  @Column(name = "display_name")
  private String displayName;

  @Enumerated(EnumType.STRING)
  @Column(name = "kyc_level")
  private KycLevel kycLevel;

  @Column(name = "seller_verified")
  private boolean sellerVerified;

  @Column(name = "business_account")
  private boolean businessAccount;

  @Enumerated(EnumType.STRING)
  private Status status;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "last_seen_at")
  private Instant lastSeenAt;

  protected User() {
    // for JPA
  }

  public User(String id, String username, String displayName, Instant now) {
    this.id = id;
    this.username = username;
    this.displayName = displayName == null || displayName.isBlank() ? username : displayName;
    this.kycLevel = KycLevel.NONE;
    this.status = Status.ACTIVE;
    this.createdAt = now;
    this.lastSeenAt = now;
  }

  public boolean mayBid() {
    return status == Status.ACTIVE;
  }

  public String id() {
    return id;
  }

  public String username() {
    return username;
  }

  public String displayName() {
    return displayName;
  }

  public KycLevel kycLevel() {
    return kycLevel;
  }

  public boolean sellerVerified() {
    return sellerVerified;
  }

  public boolean businessAccount() {
    return businessAccount;
  }

  public Instant lastSeenAt() {
    return lastSeenAt;
  }

  /**
   * Records an approved verification: the KYC level rises to {@code level} (never falls), and
   * seller verification and the business-account flag are granted when asked for.
   */
  public void verified(KycLevel level, boolean seller, boolean business) {
    if (level.compareTo(kycLevel) > 0) {
      kycLevel = level;
    }
    sellerVerified |= seller;
    businessAccount |= business;
  }

  /**
   * Whether {@code now} is worth recording as last seen: at most once every {@code period}, so a
   * busy user's requests do not each write their profile.
   */
  public boolean seenAgain(Instant now, java.time.Duration period) {
    if (lastSeenAt != null && now.isBefore(lastSeenAt.plus(period))) {
      return false;
    }
    lastSeenAt = now;
    return true;
  }

  /** Staff set the account's status; only {@code ACTIVE} accounts may bid. */
  public void changeStatus(Status status) {
    this.status = java.util.Objects.requireNonNull(status);
  }

  public Status status() {
    return status;
  }
}
