package io.gavel.auction.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an auction's append-only public event log. {@code seq} is gap-free per auction;
 * the payload is exactly the public WebSocket message (minus {@code serverTime}, which is stamped
 * at delivery), so replaying the log to a late subscriber sends what live subscribers saw.
 */
@Entity
@Table(name = "auction_events")
@IdClass(AuctionEvent.Key.class)
@NamedQuery(
    name = AuctionEvent.AFTER,
    query =
        "SELECT e FROM AuctionEvent e WHERE e.auctionId = :auctionId AND e.seq > :seq"
            + " ORDER BY e.seq")
public class AuctionEvent {

  public static final String AFTER = "AuctionEvent.after";

  @Id
  @Column(name = "auction_id")
  private long auctionId;

  @Id private long seq;

  private String type;
  private String payload;

  @Column(name = "occurred_at")
  private Instant occurredAt;

  @Column(name = "actor_id")
  private String actorId;

  @Column(name = "client_ip")
  private String clientIp;

  @Column(name = "user_agent")
  private String userAgent;

  protected AuctionEvent() {
    // for JPA
  }

  public AuctionEvent(long auctionId, long seq, String type, String payload, Instant occurredAt) {
    this.auctionId = auctionId;
    this.seq = seq;
    this.type = type;
    this.payload = payload;
    this.occurredAt = occurredAt;
  }

  /** Records who caused the event and from where; null for the system's own events. */
  public AuctionEvent causedBy(String actorId, String clientIp, String userAgent) {
    this.actorId = actorId;
    this.clientIp = clientIp;
    this.userAgent = userAgent;
    return this;
  }

  public long auctionId() {
    return auctionId;
  }

  public long seq() {
    return seq;
  }

  public String type() {
    return type;
  }

  public String payload() {
    return payload;
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  public String actorId() {
    return actorId;
  }

  public String clientIp() {
    return clientIp;
  }

  public String userAgent() {
    return userAgent;
  }

  /** Composite key (auction, seq). */
  public static class Key implements Serializable {
    private long auctionId;
    private long seq;

    public Key() {}

    public Key(long auctionId, long seq) {
      this.auctionId = auctionId;
      this.seq = seq;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.auctionId == auctionId && k.seq == seq;
    }

    @Override
    public int hashCode() {
      return Objects.hash(auctionId, seq);
    }
  }
}
