package io.gavel.bidding.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import io.gavel.platform.entity.Refusal;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A money-relevant write done under a client's {@code Idempotency-Key}: the key, a hash of the
 * request it was first used with, and the response given then. Written in the same transaction
 * as the write itself, so a key is remembered exactly when its effect committed. Bid batches read
 * and write these rows on plain JDBC, with their other rows ({@code BidBatches}); the mapping
 * describes the table. Keys are per actor, shared by every kind of write: a key used for a bid
 * refuses a payment authorisation, whose fingerprint differs.
 */
@Entity
@Table(name = "idempotency_keys")
@IdClass(IdempotentRequest.Key.class)
public class IdempotentRequest {

  @Id
  @Column(name = "actor_id")
  private String actorId;

  @Id
  @Column(name = "idem_key")
  private String key;

  @Column(name = "request_hash")
  private String requestHash;

  private int status;
  private String response;

  @Column(name = "created_at")
  private Instant createdAt;

  protected IdempotentRequest() {
    // for JPA
  }

  public IdempotentRequest(
      String actorId, String key, String requestHash, int status, String response, Instant now) {
    this.actorId = actorId;
    this.key = key;
    this.requestHash = requestHash;
    this.status = status;
    this.response = response;
    this.createdAt = now;
  }

  public String actorId() {
    return actorId;
  }

  public String key() {
    return key;
  }

  public String requestHash() {
    return requestHash;
  }

  public int status() {
    return status;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public boolean sameRequest(String hash) {
    return requestHash.equals(hash);
  }

  public String response() {
    return response;
  }

  /**
   * {@code key} as the contract allows it (1–64 characters), or null for none.
   *
   * @throws Refusal 400 INVALID_IDEMPOTENCY_KEY
   */
  public static String checkedKey(String key) {
    if (key != null && (key.isEmpty() || key.length() > 64)) {
      throw new Refusal(
          400, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must have 1 to 64 characters");
    }
    return key;
  }

  /** The fingerprint of a request, described by {@code asked}: its SHA-256, in hex. */
  public static String fingerprint(String asked) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(asked.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The refusal of a key first used with another request. */
  public static Refusal reused() {
    return new Refusal(
        409, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
  }

  /** Composite key (actor, key). */
  public static class Key implements Serializable {
    private String actorId;
    private String key;

    public Key() {}

    public Key(String actorId, String key) {
      this.actorId = actorId;
      this.key = key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(k.actorId, actorId) && Objects.equals(k.key, key);
    }

    @Override
    public int hashCode() {
      return Objects.hash(actorId, key);
    }
  }
}
