package io.gavel.payments.entity;

import io.gavel.platform.entity.IdBlocks;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A hold the payment gateway placed on a bidder's payment method so they may bid on one auction. */
@Entity
@Table(name = "payment_authorizations")
@NamedQuery(
    name = PaymentAuthorization.COVERED,
    query =
        "SELECT MAX(p.amount) FROM PaymentAuthorization p WHERE p.auctionId = :auctionId"
            + " AND p.bidderId = :bidderId"
            + " AND p.status = io.gavel.payments.entity.PaymentAuthorization.Status.AUTHORIZED"
            + " AND p.expiresAt > :now")
public class PaymentAuthorization {

  public static final String COVERED = "PaymentAuthorization.covered";

  public enum Status {
    AUTHORIZED,
    RELEASED
  }

  /** From a block of ids, see {@link IdBlocks}. */
  @Id
  @GeneratedValue(strategy = GenerationType.TABLE, generator = "payment_authorizations")
  private Long id;

  @Column(name = "auction_id")
  private long auctionId;

  @Column(name = "bidder_id")
  private String bidderId;

  private BigDecimal amount;
  private String currency;

  @Column(name = "gateway_ref")
  private String gatewayRef;

  @Enumerated(EnumType.STRING)
  private Status status;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  protected PaymentAuthorization() {
    // for JPA
  }

  public PaymentAuthorization(
      long auctionId,
      String bidderId,
      BigDecimal amount,
      String currency,
      String gatewayRef,
      Instant createdAt,
      Instant expiresAt) {
    this.auctionId = auctionId;
    this.bidderId = Objects.requireNonNull(bidderId);
    this.amount = Objects.requireNonNull(amount);
    this.currency = Objects.requireNonNull(currency);
    this.gatewayRef = Objects.requireNonNull(gatewayRef);
    this.status = Status.AUTHORIZED;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  public Long id() {
    return id;
  }

  public long auctionId() {
    return auctionId;
  }

  public BigDecimal amount() {
    return amount;
  }

  public String currency() {
    return currency;
  }

  public Status status() {
    return status;
  }

  public Instant expiresAt() {
    return expiresAt;
  }
}
