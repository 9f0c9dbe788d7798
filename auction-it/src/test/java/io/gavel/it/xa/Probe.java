package io.gavel.it.xa;

import io.gavel.audit.control.AuditLog;
import io.gavel.auction.boundary.Auctions;
import io.gavel.auction.boundary.NewAuction;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.IncrementPolicy;
import io.gavel.auction.entity.Money;
import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.bidding.boundary.Bids;
import io.gavel.platform.boundary.SchemaMigration;
import io.gavel.platform.control.Rows;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** Test-only EJB inside the deployment: drives the boundaries and reads the database. */
@Stateless
public class Probe {

  public static final Caller SELLER =
      new Caller("it-xa-seller", "it-xa-seller", "XA Seller", Set.of("seller"), null, null);
  public static final Caller BIDDER =
      new Caller("it-xa-bidder", "it-xa-bidder", "XA Bidder", Set.of("bidder"), null, null);

  @PersistenceContext EntityManager em;

  @Resource(lookup = SchemaMigration.DATA_SOURCE)
  DataSource db;
  @Inject Auctions auctions;
  @Inject Bids bids;

  public long listAuction() {
    var view =
        auctions.create(
            SELLER,
            new NewAuction(
                "XA lot", null, 4, AuctionType.ENGLISH, Money.of("10.00", "EUR"), null,
                IncrementPolicy.table(), null, Instant.now().plus(Duration.ofHours(1)), null, null, null, null));
    return Long.parseLong(view.id());
  }

  /** Places a bid that must be accepted (and therefore committed). */
  public BidOutcome.Accepted placeCommittedBid(long auctionId, String amount) {
    BidOutcome outcome = bids.place(BIDDER, auctionId, amount, null);
    if (!(outcome instanceof BidOutcome.Accepted accepted)) {
      throw new IllegalStateException("expected the bid to be accepted, got " + outcome);
    }
    return accepted;
  }

  /** Places a bid the rules refuse and returns the reason. */
  public String placeRefusedBid(long auctionId, String amount) {
    BidOutcome outcome = bids.place(BIDDER, auctionId, amount, null);
    if (!(outcome instanceof BidOutcome.Rejected rejected)) {
      throw new IllegalStateException("expected the bid to be refused, got " + outcome);
    }
    return rejected.reason().name();
  }

  /**
   * Places a bid as {@code bidder} and says what came of it: {@code seq:currentPrice} when it
   * was accepted, else the rejection reason or refusal code.
   */
  public String bid(Caller bidder, long auctionId, String amount) {
    try {
      BidOutcome outcome = bids.place(bidder, auctionId, amount, null);
      if (outcome instanceof BidOutcome.Accepted accepted) {
        return accepted.seq() + ":" + accepted.currentPrice();
      }
      return ((BidOutcome.Rejected) outcome).reason().name();
    } catch (Refusal refusal) {
      return refusal.code();
    }
  }

  /** Whether the auction's stored state equals the replay of its stored bid log. */
  public boolean replayMatches(long auctionId) {
    return bids.replay(auctionId).matches();
  }

  /**
   * Writes two statements through {@link Rows} on the data source's connection, in this
   * transaction: an audit entry with the outcome {@code WRITTEN}, then either a second one or,
   * when {@code secondFails}, a copy of the auction's first event (a duplicate key).
   */
  public void writeRows(long auctionId, boolean secondFails) {
    Rows statements = new Rows();
    AuditLog.Pending entry =
        new AuditLog.Pending(BIDDER, "it.rows", "auction:" + auctionId, "WRITTEN", "rows", Instant.now());
    AuditLog.write(statements, List.of(entry));
    if (secondFails) {
      statements.insert(
          "auction_events (auction_id, seq, type, payload, occurred_at)",
          List.<Object[]>of(new Object[] {auctionId, 1L, "it.duplicate", "{}", LocalDateTime.now()}),
          "");
    } else {
      AuditLog.write(statements, List.of(entry));
    }
    statements.write(db);
  }

  /** Audit entries about the auction with this outcome. */
  public long auditRows(long auctionId, String outcome) {
    return em.createQuery(
            "SELECT COUNT(a) FROM AuditEntry a WHERE a.subject = :subject AND a.outcome = :outcome",
            Long.class)
        .setParameter("subject", "auction:" + auctionId)
        .setParameter("outcome", outcome)
        .getSingleResult();
  }

  public long bidRows(long auctionId) {
    return em.createQuery("SELECT COUNT(b) FROM Bid b WHERE b.auctionId = :id", Long.class)
        .setParameter("id", auctionId)
        .getSingleResult();
  }

  public long eventRows(long auctionId) {
    return em.createQuery("SELECT COUNT(e) FROM AuctionEvent e WHERE e.auctionId = :id", Long.class)
        .setParameter("id", auctionId)
        .getSingleResult();
  }

  public long seq(long auctionId) {
    return em.find(Auction.class, auctionId).seq();
  }
}
