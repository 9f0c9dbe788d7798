package io.gavel.bidding.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A money-relevant write done under a client's {@code Idempotency-Key}: the key, a hash of the
 * request it was first used with, and the response given then. Written in the same transaction
 * as the write itself, so a key is remembered exactly when its effect committed. Bid batches read
 * and write these rows on plain JDBC, with their other rows ({@code BidBatches}); the mapping
 * describes the table.
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
