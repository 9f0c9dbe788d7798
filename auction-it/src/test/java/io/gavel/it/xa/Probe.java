package io.gavel.it.xa;

import io.gavel.audit.control.AuditLog;
import io.gavel.auction.boundary.Auctions;
import io.gavel.auction.boundary.NewAuction;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.DutchClock;
import io.gavel.auction.entity.IncrementPolicy;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.SoftClose;
import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.bidding.boundary.Bids;
import io.gavel.catalogue.entity.KycRule;
import io.gavel.platform.boundary.SchemaMigration;
import io.gavel.platform.control.EntityRows;
import io.gavel.platform.control.Reads;
import io.gavel.platform.control.Rows;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Transient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

  /**
   * Lists an auction with as many columns set as a listing can set: an English one with a reserve,
   * soft close, an item and a KYC rule of its own, or a Dutch one with its clock.
   */
  public long listFullAuction(boolean dutch) {
    Money start = Money.of(dutch ? "100.00" : "10.00", "EUR");
    var view =
        auctions.create(
            SELLER,
            new NewAuction(
                "XA full lot",
                "every column",
                4,
                dutch ? AuctionType.DUTCH : AuctionType.ENGLISH,
                start,
                dutch ? null : Money.of("50.00", "EUR"),
                IncrementPolicy.table(),
                null,
                Instant.now().plus(Duration.ofHours(1)),
                dutch ? null : new SoftClose(60, 120, 5),
                dutch ? new DutchClock(start, Money.of("20.00", "EUR"), Money.of("5.00", "EUR"), 60) : null,
                "{\"condition\":\"mint\"}",
                dutch ? null : new KycRule("BASIC", new BigDecimal("1000.00"))));
    return Long.parseLong(view.id());
  }

  /**
   * Where the auction as {@link EntityRows} reads it on plain JDBC (as bid batches do) differs
   * from the auction EclipseLink reads, field by persistent field, as "field: jdbc ≠ jpa"; also
   * says so when fewer than {@code atLeast} fields were compared or none of them had a value.
   */
  public List<String> jdbcAndJpaDiffer(long auctionId, int atLeast) throws IllegalAccessException {
    EntityRows<Auction> rows = EntityRows.of(Auction.class);
    List<Auction> read = new ArrayList<>();
    new Reads()
        .add(
            "SELECT " + rows.columns() + " FROM " + rows.table() + " WHERE id = ?",
            List.of(auctionId),
            result -> {
              while (result.next()) {
                read.add(rows.read(result).entity());
              }
            })
        .run(db);
    Auction jpa = em.find(Auction.class, auctionId);
    List<String> differences = new ArrayList<>();
    int compared = 0;
    int withValues = 0;
    for (Field field : Auction.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers)
          || Modifier.isTransient(modifiers)
          || field.isAnnotationPresent(Transient.class)
          || field.getName().startsWith("_persistence")) {
        continue;
      }
      field.setAccessible(true);
      Object jdbc = field.get(read.get(0));
      Object expected = field.get(jpa);
      compared++;
      withValues += expected == null ? 0 : 1;
      if (!Objects.equals(jdbc, expected)) {
        differences.add(field.getName() + ": " + jdbc + " ≠ " + expected);
      }
    }
    if (compared < atLeast || withValues == 0) {
      differences.add("only " + compared + " fields compared, " + withValues + " with values");
    }
    return differences;
  }

  public long seq(long auctionId) {
    return em.find(Auction.class, auctionId).seq();
  }
}
