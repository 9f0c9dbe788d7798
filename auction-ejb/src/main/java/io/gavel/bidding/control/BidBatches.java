package io.gavel.bidding.control;

import io.gavel.audit.control.AuditLog;
import io.gavel.auction.control.AuctionEventLog;
import io.gavel.auction.control.LifecycleEvents;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionEvent;
import io.gavel.auction.entity.AuctionScheduled;
import io.gavel.auction.entity.BidBook;
import io.gavel.auction.entity.BidRejected;
import io.gavel.auction.entity.InstantConverter;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.Participant;
import io.gavel.auction.entity.Placement;
import io.gavel.auction.entity.SealedCommitment;
import io.gavel.auction.entity.WinnerDetermination;
import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.bidding.entity.Bid;
import io.gavel.bidding.entity.IdempotentRequest;
import io.gavel.payments.boundary.PaymentAuthorizations;
import io.gavel.platform.boundary.SchemaMigration;
import io.gavel.platform.control.BlockIds;
import io.gavel.platform.control.EntityRows;
import io.gavel.platform.control.Reads;
import io.gavel.platform.control.Rows;
import io.gavel.platform.entity.IsoTime;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.control.BidderProfiles;
import io.gavel.users.control.BidderProfiles.Profile;
import io.gavel.users.entity.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Applies a batch of bidding commands, for one or several auctions, in one container-managed XA
 * transaction: takes each auction's row lock, applies its commands in their queue order through
 * the rules, and writes every bid, the auctions' new state, the standings, the events (to the log
 * and to the cluster's topic), idempotency records and rejection audit entries. Either all of it
 * commits or none of it; the caller acknowledges the commands only after this method returned,
 * that is after the commit.
 *
 * <p>The row lock is the database's arbitration between nodes: whichever node holds it applies
 * its batch to the state the last committed batch left, whichever node that was.
 */
@Stateless
public class BidBatches {

  private static final Jsonb JSONB = JsonbBuilder.create();

  private static final InstantConverter UTC = new InstantConverter();

  /** The auctions' rows, read and written on plain JDBC (see {@link #lockReading}). */
  private static final EntityRows<Auction> AUCTIONS = EntityRows.of(Auction.class);

  @PersistenceContext EntityManager em;

  /** The persistence unit's data source: the batch's rows go in on its connection. */
  @Resource(lookup = SchemaMigration.DATA_SOURCE)
  DataSource db;

  @Inject BidderProfiles bidders;
  @Inject PaymentAuthorizations authorizations;
  @Inject BlockIds ids;
  @Inject AuctionEventLog events;
  @Inject LifecycleEvents lifecycleEvents;
  @Inject Event<AuctionScheduled> scheduled;
  @Inject Event<BatchWritten> written;

  private static final SecureRandom SALTS = new SecureRandom();

  /** Bid ids taken from {@code id_blocks} at a time (a busy node writes hundreds a second). */
  private static final int BID_IDS_PER_BLOCK = 500;

  private final Clock clock = Clock.systemUTC();

  /**
   * The private notices of the batch in progress ({@code outbid} to a leader who lost the lead,
   * {@code won} to a Dutch accepter). A stateless bean serves one call at a time,
   * so this is confined to the current transaction.
   */
  private List<AuctionEventLog.Notice> notices = new ArrayList<>();

  /** The bids of the batch in progress, numbered, written together before it commits. */
  private List<Bid> bids = new ArrayList<>();

  /** The events of the batch in progress that are written with its bids (the others are JPA's). */
  private List<AuctionEvent> unwritten = new ArrayList<>();

  /** What is stored under the Idempotency-Keys of the batch in progress, by {@link #keyOf}. */
  private Map<String, IdempotentRequest> remembered = new HashMap<>();

  /** The Idempotency-Keys the batch in progress remembers, written with its rows. */
  private List<IdempotentRequest> requests = new ArrayList<>();

  /**
   * What a committed batch did.
   *
   * @param outcomes per command, in order: a {@link BidOutcome} or the {@link Refusal} to throw;
   *     null when the lot was {@linkplain #SKIPPED skipped}
   * @param standings the standings after the batch, or null when the auction does not exist
   */
  public record Applied(List<Object> outcomes, Standings standings) {

    /** A lot whose auction's row another transaction held: nothing of it was judged or written. */
    public static final Applied SKIPPED = new Applied(null, null);

    public boolean skipped() {
      return outcomes == null;
    }
  }

  /**
   * How long a batch that waits for its auction's row lock waits, in seconds ({@code
   * gavel.bidding.lock-wait-seconds}, default 5). Another node's batch holds a row for
   * milliseconds; a transaction left prepared by a node that died holds it until that node's
   * recovery, and a lane must not wait for that longer than this.
   */
  public static final int LOCK_WAIT_SECONDS = Integer.getInteger("gavel.bidding.lock-wait-seconds", 5);

  /** One command on its way through the batch. */
  private static final class Step {
    final BidCommand command;
    /** The request's fingerprint, for commands with an Idempotency-Key. */
    String hash;
    Object outcome;
    Bid bid;
    Step sameRequestAs;
    BidOutcome.Accepted draft;

    Step(BidCommand command) {
      this.command = command;
    }
  }

  /**
   * One auction's share of a batch.
   *
   * @param auctionId the auction
   * @param commands its queued commands, in arrival order
   * @param known the standings this node's previous batch of the auction left, or null; used
   *     only when the auction's row shows that nobody has changed them since
   */
  public record Lot(long auctionId, List<BidCommand> commands, Standings known) {}

  /** A lot on its way through the batch: locked, applied, waiting for the flush. */
  private record Applying(Auction auction, List<Step> steps) {}

  /**
   * Applies every lot's commands in order to its auction, all in this one transaction. Auctions
   * are locked first, by one query in ascending id order, so batches on several nodes never
   * deadlock.
   *
   * @param waitForLocks whether to wait (at most {@link #LOCK_WAIT_SECONDS}) for auctions whose
   *     row another transaction holds; if not, such a lot is {@linkplain Applied#SKIPPED skipped},
   *     and so is a lot whose auction does not exist
   * @return what each lot did, in the order of {@code lots}
   */
  public List<Applied> apply(List<Lot> lots, boolean waitForLocks) {
    List<Caller> callers = lots.stream().flatMap(l -> l.commands().stream()).map(BidCommand::bidder).toList();
    Map<String, Profile> profiles = new HashMap<>();
    Map<Long, EntityRows.Loaded<Auction>> loaded = new TreeMap<>();
    Map<Long, Auction> auctions = lockReading(lots, callers, profiles, loaded, waitForLocks);
    Map<Long, Standings> before = standingsBefore(lots, auctions);
    List<AuctionEvent> published = new ArrayList<>();
    List<AuditLog.Pending> refusals = new ArrayList<>();
    List<Object[]> standings = new ArrayList<>();
    notices = new ArrayList<>();
    bids = new ArrayList<>();
    unwritten = new ArrayList<>();
    requests = new ArrayList<>();
    Applying[] applying = new Applying[lots.size()];
    for (int i = 0; i < lots.size(); i++) {
      Lot lot = lots.get(i);
      Auction auction = auctions.get(lot.auctionId());
      if (auction != null) {
        Standings start = before.get(auction.id());
        applying[i] = applyLot(lot, auction, start, profiles, published, refusals);
        changedStandings(auction, start, standings);
      }
    }
    List<Applied> results = new ArrayList<>(lots.size());
    int[] accepted = new int[lots.size()];
    for (int i = 0; i < lots.size(); i++) {
      Lot lot = lots.get(i);
      Applying a = applying[i];
      if (a == null && !waitForLocks) {
        results.add(Applied.SKIPPED);
        continue;
      }
      if (a == null) {
        Refusal missing = Refusal.notFound("auction " + lot.auctionId());
        results.add(new Applied(lot.commands().stream().map(c -> (Object) missing).toList(), null));
        continue;
      }
      List<Object> outcomes = new ArrayList<>(a.steps().size());
      for (Step step : a.steps()) {
        outcomes.add(acknowledge(a.auction(), step));
        accepted[i] += step.bid != null ? 1 : 0;
      }
      results.add(new Applied(outcomes, snapshot(a.auction())));
    }
    // what JPA writes first (an auction a Dutch accept closed, with its events); the other
    // auctions' new state goes with the rows
    em.flush();
    Rows statements = new Rows();
    loaded.values().forEach(auction -> AUCTIONS.update(statements, auction));
    writeBids(statements);
    AuctionEventLog.write(statements, unwritten);
    storeStandings(statements, standings);
    AuditLog.write(statements, refusals);
    storeRequests(statements);
    statements.write(db);
    events.send(published, notices);
    for (int i = 0; i < lots.size(); i++) {
      if (applying[i] != null) {
        written.fire(new BatchWritten(lots.get(i).auctionId(), applying[i].steps().size(), accepted[i]));
      }
    }
    return results;
  }

  /**
   * Adds to {@code reads} the query of what is stored under the Idempotency-Keys the lots' commands
   * carry, into {@link #remembered}; nothing when none carries one.
   */
  private void readRemembered(Reads reads, List<Lot> lots) {
    remembered = new HashMap<>();
    Map<String, List<String>> keys = new LinkedHashMap<>();
    for (Lot lot : lots) {
      for (BidCommand command : lot.commands()) {
        if (command.idempotencyKey() != null) {
          keys.putIfAbsent(keyOf(command), List.of(command.bidder().id(), command.idempotencyKey()));
        }
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    reads.add(
        "SELECT actor_id, idem_key, request_hash, status, response, created_at FROM idempotency_keys WHERE "
            + String.join(" OR ", Collections.nCopies(keys.size(), "(actor_id = ? AND idem_key = ?)")),
        keys.values().stream().flatMap(List::stream).toList(),
        rows -> {
          while (rows.next()) {
            IdempotentRequest stored =
                new IdempotentRequest(
                    rows.getString(1),
                    rows.getString(2),
                    rows.getString(3),
                    rows.getInt(4),
                    rows.getString(5),
                    UTC.convertToEntityAttribute(rows.getObject(6, LocalDateTime.class)));
            remembered.put(keyOf(stored.actorId(), stored.key()), stored);
          }
        });
  }

  /** A command's bidder and Idempotency-Key, as one string. */
  private static String keyOf(BidCommand command) {
    return keyOf(command.bidder().id(), command.idempotencyKey());
  }

  private static String keyOf(String bidderId, String idempotencyKey) {
    return bidderId + "\n" + idempotencyKey;
  }

  /**
   * Takes the row locks of every lot's auction with one query, in ascending id order (so batches
   * never deadlock each other), either waiting for rows other transactions hold or skipping them
   * ({@code waitForLocks}), in the same round trip as it reads the bidders' profiles into
   * {@code profiles} and, after the locks, what is stored under the commands' Idempotency-Keys.
   * The auctions are read on plain JDBC into unmanaged entities, kept in {@code loaded} for their
   * update among the batch's rows; an auction that a Dutch accept may close is read again through
   * JPA (under the lock just taken), since closing writes through JPA.
   *
   * @return the auctions that exist and were locked, by id
   */
  private Map<Long, Auction> lockReading(
      List<Lot> lots,
      List<Caller> callers,
      Map<String, Profile> profiles,
      Map<Long, EntityRows.Loaded<Auction>> loaded,
      boolean waitForLocks) {
    Reads reads = new Reads();
    bidders.read(reads, callers, profiles);
    List<Long> ids = lots.stream().map(Lot::auctionId).distinct().toList();
    reads.add(
        "SELECT " + AUCTIONS.columns() + " FROM " + AUCTIONS.table()
            + " WHERE id IN (" + Reads.marks(ids.size()) + ") ORDER BY id FOR UPDATE "
            + (waitForLocks ? "WAIT " + LOCK_WAIT_SECONDS : "SKIP LOCKED"),
        ids,
        rows -> {
          while (rows.next()) {
            EntityRows.Loaded<Auction> auction = AUCTIONS.read(rows);
            loaded.put(auction.entity().id(), auction);
          }
        });
    // after the locks: a key that a batch of another node committed before them is seen
    readRemembered(reads, lots);
    reads.run(db);
    bidders.complete(callers, profiles);
    Map<Long, Auction> auctions = new HashMap<>();
    for (Lot lot : lots) {
      EntityRows.Loaded<Auction> auction = loaded.get(lot.auctionId());
      if (auction == null) {
        continue;
      }
      if (lot.commands().stream().anyMatch(c -> c.kind() == BidCommand.Kind.ACCEPT)) {
        loaded.remove(lot.auctionId());
        auctions.put(lot.auctionId(), em.find(Auction.class, lot.auctionId()));
      } else {
        auctions.put(lot.auctionId(), auction.entity());
      }
    }
    return auctions;
  }

  /**
   * The standings each locked auction starts the batch from: those this node kept from its last
   * batch while the row's command number still matches them, else the stored ones, read for all
   * such auctions with one query (a lane's first batch, or another node's batch came in between).
   *
   * @return standings by auction id, for every auction in {@code auctions}
   */
  private Map<Long, Standings> standingsBefore(List<Lot> lots, Map<Long, Auction> auctions) {
    Map<Long, Standings> before = new HashMap<>();
    Map<Long, Map<String, BidBook.Entry>> entries = new HashMap<>();
    Map<Long, Map<String, Integer>> aliases = new HashMap<>();
    for (Lot lot : lots) {
      Auction auction = auctions.get(lot.auctionId());
      if (auction == null) {
        continue;
      }
      Standings known = lot.known();
      if (known != null && known.commandNo() == auction.commandNo()) {
        before.put(auction.id(), known);
      } else {
        entries.put(auction.id(), new HashMap<>());
        aliases.put(auction.id(), new HashMap<>());
      }
    }
    if (entries.isEmpty()) {
      return before;
    }
    for (Participant p :
        em.createNamedQuery(Participant.OF_AUCTIONS, Participant.class)
            .setParameter("auctionIds", List.copyOf(entries.keySet()))
            .setHint(Rows.READ_ONLY, "true")
            .getResultList()) {
      aliases.get(p.auctionId()).put(p.bidderId(), p.aliasNo());
      BidBook.Entry standing = p.standing(auctions.get(p.auctionId()).currency());
      if (standing != null) {
        entries.get(p.auctionId()).put(p.bidderId(), standing);
      }
    }
    for (Long id : entries.keySet()) {
      before.put(id, new Standings(auctions.get(id).commandNo(), entries.get(id), aliases.get(id)));
    }
    return before;
  }

  /** Applies the lot's commands to its locked auction, starting from the standings {@code before}. */
  private Applying applyLot(
      Lot lot,
      Auction auction,
      Standings before,
      Map<String, Profile> profiles,
      List<AuctionEvent> published,
      List<AuditLog.Pending> refusals) {
    long auctionId = lot.auctionId();
    auction.attach(before.entries().values(), before.aliases());
    List<Step> steps = new ArrayList<>(lot.commands().size());
    Map<String, Step> byKey = new HashMap<>();
    boolean extended = false;
    for (BidCommand command : lot.commands()) {
      Step step = new Step(command);
      steps.add(step);
      if (command.idempotencyKey() != null && replayed(auction, step, byKey)) {
        continue;
      }
      Instant now = Instant.now(clock);
      try {
        Placement placement = run(auction, command, profiles.get(command.bidder().id()), now);
        extended |= record(auction, step, placement, now, published);
      } catch (BidRejected rejected) {
        refusals.add(
            new AuditLog.Pending(
                command.bidder(),
                "bid.rejected",
                "auction:" + auctionId,
                rejected.reason().name(),
                rejected.getMessage(),
                now));
        BidOutcome.Rejected outcome =
            new BidOutcome.Rejected(
                rejected.reason(),
                rejected.getMessage(),
                rejected.nextMinimumBid() == null ? null : rejected.nextMinimumBid().toString(),
                rejected.currentPrice() == null ? null : rejected.currentPrice().toString());
        step.outcome = outcome;
        remember(step, rejected.reason().status(), outcome, now);
      }
    }
    if (extended) {
      scheduled.fire(new AuctionScheduled(auctionId, auction.startsAt(), auction.endsAt()));
    }
    return new Applying(auction, steps);
  }

  /**
   * Handles a command whose Idempotency-Key was seen before, in an earlier request or earlier in
   * this batch: the same request gets the first answer again, the acknowledgement or the
   * rejection, whatever changed since; another request is refused. A request that was never
   * judged (refused before it reached the batch, or whose batch rolled back) left no record.
   *
   * @return true when the command needs no further work
   */
  private boolean replayed(Auction auction, Step step, Map<String, Step> byKey) {
    BidCommand command = step.command;
    String hash = command.requestHash(auction.id());
    step.hash = hash;
    String key = keyOf(command);
    Step first = byKey.get(key);
    if (first != null) {
      if (first.hash.equals(hash)) {
        step.sameRequestAs = first;
      } else {
        step.outcome = IdempotentRequest.reused();
      }
      return true;
    }
    // a key stored by an earlier batch answers every command under it, whatever came before it
    // in this batch (another request under the key, refused, must not hide it from the next)
    IdempotentRequest earlier = remembered.get(key);
    if (earlier != null) {
      step.outcome =
          !earlier.sameRequest(hash)
              ? IdempotentRequest.reused()
              : earlier.status() == 201
                  ? JSONB.fromJson(earlier.response(), BidOutcome.Accepted.class)
                  : JSONB.fromJson(earlier.response(), BidOutcome.Rejected.class);
      return true;
    }
    byKey.put(key, step);
    return false;
  }

  /** Keeps a judged command's answer under its Idempotency-Key, if it has one, with the rows. */
  private void remember(Step step, int status, BidOutcome answer, Instant at) {
    BidCommand command = step.command;
    if (command.idempotencyKey() != null) {
      String json = JSONB.toJson(answer);
      requests.add(
          new IdempotentRequest(
              command.bidder().id(), command.idempotencyKey(), step.hash, status, json, at));
    }
  }

  private Placement run(Auction auction, BidCommand command, Profile profile, Instant now) {
    if (!profile.mayBid()) {
      throw new BidRejected(
          BidRejected.Reason.BIDDER_BLOCKED, "this account may not bid (" + profile.status() + ")");
    }
    String bidderId = command.bidder().id();
    Integer known = auction.aliasOf(bidderId);
    int alias = known != null ? known : auction.participants() + 1;
    String kyc = profile.kycLevel().name();
    Placement placement =
        switch (command.kind()) {
          case PLACE -> {
            Money amount = parse(command.amount(), auction);
            Money maximum = command.maxAmount() == null ? null : parse(command.maxAmount(), auction);
            auction.requireVerified(bidderId, kyc, amount, maximum, now);
            requireCovered(auction, bidderId, auction.authorizationNeeded(amount, maximum), now);
            yield auction.placeBid(bidderId, alias, amount, maximum, now);
          }
          case RAISE_MAXIMUM -> {
            Money maximum = parse(command.maxAmount(), auction);
            auction.requireVerified(bidderId, kyc, null, maximum, now);
            requireCovered(auction, bidderId, auction.authorizationNeeded(null, maximum), now);
            yield auction.raiseMaximum(bidderId, alias, maximum, now);
          }
          case CANCEL_UNUSED -> auction.cancelUnused(bidderId, now);
          case ACCEPT -> {
            Money price = parse(command.amount(), auction);
            auction.requireVerified(bidderId, kyc, price, null, now);
            requireCovered(auction, bidderId, auction.authorizationNeeded(price, null), now);
            yield auction.accept(bidderId, alias, price, now);
          }
        };
    if (known == null) {
      auction.admitParticipant();
    }
    return placement;
  }

  /**
   * Refuses with {@code PAYMENT_AUTHORIZATION_REQUIRED} unless the bidder's live payment
   * authorisations on this auction cover {@code needed} (null: nothing needed).
   */
  private void requireCovered(Auction auction, String bidderId, Money needed, Instant now) {
    if (needed == null) {
      return;
    }
    java.math.BigDecimal covered = authorizations.covered(auction.id(), bidderId, now);
    if (covered == null || covered.compareTo(needed.amount()) < 0) {
      throw new BidRejected(
          BidRejected.Reason.PAYMENT_AUTHORIZATION_REQUIRED,
          "bids of this size need a payment authorisation of at least "
              + needed
              + " on this auction (POST /api/v1/auctions/"
              + auction.id()
              + "/payment-authorizations)");
    }
  }

  /**
   * Writes the command to the bid log and, for bids, records the events: the bid (with the proxy
   * bid for the leader when the price moved past it) and an extension if soft close applied. A
   * leader's raise that lifted the price to the reserve is announced and logged with its proxy bid
   * the same way. The acknowledgement carries the command's own {@code seq} (its bid's event),
   * not that of an extension that followed it.
   *
   * @return whether the end moved
   */
  private boolean record(
      Auction auction, Step step, Placement placement, Instant now, List<AuctionEvent> published) {
    if (auction.sealed()) {
      recordSealed(auction, step, placement, now, published);
      return false;
    }
    if (step.command.kind() == BidCommand.Kind.ACCEPT) {
      recordAccept(auction, step, placement, now, published);
      return false;
    }
    Caller bidder = step.command.bidder();
    BidBook.Entry own = auction.standingOf(bidder.id());
    long seq = auction.seq();
    Bid.Kind kind = step.command.kind().logged();
    String previousLeader = placement.change().previousLeader();
    if (placement.change().leaderChanged() && previousLeader != null && !previousLeader.equals(bidder.id())) {
      notices.add(
          new AuctionEventLog.Notice(
              previousLeader,
              auction.id(),
              "outbid",
              AuctionEventLog.JSON.createObjectBuilder()
                  .add("currentPrice", auction.currentPrice().toString())
                  .add("nextMinimumBid", auction.nextMinimumBid().toString())
                  .build()));
    }
    if (placement.bid() || placement.proxyStep()) {
      AuctionEvent placed =
          placed(auction, bidder, standing(auction, true), now, published);
      seq = placed.seq();
      if (placement.bid()) {
        kind = Bid.Kind.MANUAL;
      }
    }
    step.bid =
        new Bid(
            auction.id(),
            bidder.id(),
            own.latestAmount().amount(),
            own.maximum().amount(),
            kind,
            seq,
            placement.orderNo(),
            now,
            bidder.clientIp(),
            bidder.userAgent());
    write(step.bid);
    if (placement.proxyStep()) {
      write(
          new Bid(
              auction.id(),
              auction.leaderId(),
              auction.currentPrice().amount(),
              null,
              Bid.Kind.PROXY,
              seq,
              placement.orderNo(),
              now,
              null,
              null));
    }
    if (placement.extended()) {
      AuctionEvent extension =
          AuctionEventLog.next(
                  auction,
                  "auction.extended",
                  AuctionEventLog.JSON
                      .createObjectBuilder()
                      .add("endsAt", IsoTime.format(auction.endsAt()))
                      .add("extensions", auction.extensions())
                      .build(),
                  now)
              .causedBy(bidder.id(), bidder.clientIp(), bidder.userAgent());
      announce(extension, published);
    }
    step.draft =
        new BidOutcome.Accepted(
            null,
            String.valueOf(auction.id()),
            placement.leading() ? "LEADING" : "OUTBID",
            auction.currentPrice().toString(),
            auction.nextMinimumBid().toString(),
            own.maximum().toString(),
            placement.leading(),
            seq,
            IsoTime.format(auction.endsAt()),
            IsoTime.format(now),
            null,
            null,
            null);
    return placement.extended();
  }

  /**
   * A sealed bid: written with a fresh salt for its commitment; announced publicly only as "one
   * more bid" ({@code bidCount}), never with an amount or a leader.
   */
  private void recordSealed(
      Auction auction, Step step, Placement placement, Instant now, List<AuctionEvent> published) {
    Caller bidder = step.command.bidder();
    AuctionEvent placed =
        placed(
            auction,
            bidder,
            AuctionEventLog.JSON
                .createObjectBuilder()
                .add("bidCount", auction.bidCount())
                .add("endsAt", IsoTime.format(auction.endsAt())),
            now,
            published);
    Money amount = auction.standingOf(bidder.id()).latestAmount();
    String salt = SealedCommitment.newSalt(SALTS);
    step.bid =
        new Bid(
                auction.id(),
                bidder.id(),
                amount.amount(),
                null,
                Bid.Kind.SEALED,
                placed.seq(),
                placement.orderNo(),
                now,
                bidder.clientIp(),
                bidder.userAgent())
            .salted(salt);
    write(step.bid);
    step.draft =
        new BidOutcome.Accepted(
            null,
            String.valueOf(auction.id()),
            "SEALED",
            null,
            null,
            null,
            false,
            placed.seq(),
            IsoTime.format(auction.endsAt()),
            IsoTime.format(now),
            amount.toString(),
            salt,
            null);
  }

  /**
   * A Dutch accept at the clock's price: written, announced, and the auction closed with the
   * accepter as the winner, all in this transaction; the winner is told privately.
   */
  private void recordAccept(
      Auction auction, Step step, Placement placement, Instant now, List<AuctionEvent> published) {
    Caller bidder = step.command.bidder();
    AuctionEvent placed =
        placed(auction, bidder, standing(auction, false), now, published);
    step.bid =
        new Bid(
            auction.id(),
            bidder.id(),
            auction.currentPrice().amount(),
            null,
            Bid.Kind.ACCEPT,
            placed.seq(),
            placement.orderNo(),
            now,
            bidder.clientIp(),
            bidder.userAgent());
    write(step.bid);
    WinnerDetermination.Result result =
        auction.determine(
            List.of(
                new WinnerDetermination.Tender(
                    0, bidder.id(), auction.currentPrice(), placement.orderNo())));
    notices.add(lifecycleEvents.closed(auction, result, auction.aliases(), Map.of(), now, published));
    step.draft =
        new BidOutcome.Accepted(
            null,
            String.valueOf(auction.id()),
            "WON",
            auction.currentPrice().toString(),
            null,
            null,
            true,
            placed.seq(),
            IsoTime.format(auction.endsAt()),
            IsoTime.format(now),
            auction.currentPrice().toString(),
            null,
            null);
  }

  /**
   * The public standing a {@code bid.placed} announces: price, bid count, leader and end, and the
   * next minimum bid while the auction still takes bids.
   */
  private static jakarta.json.JsonObjectBuilder standing(Auction auction, boolean withNextMinimum) {
    jakarta.json.JsonObjectBuilder fields =
        AuctionEventLog.JSON.createObjectBuilder().add("currentPrice", auction.currentPrice().toString());
    if (withNextMinimum) {
      fields.add("nextMinimumBid", auction.nextMinimumBid().toString());
    }
    return fields
        .add("bidCount", auction.bidCount())
        .add("leadingBidder", Participant.alias(auction.leaderAlias()))
        .add("endsAt", IsoTime.format(auction.endsAt()));
  }

  /** Records {@code bid.placed} with {@code fields}, caused by {@code bidder}, for the batch's publish. */
  private AuctionEvent placed(
      Auction auction, Caller bidder, jakarta.json.JsonObjectBuilder fields, Instant now, List<AuctionEvent> published) {
    AuctionEvent placed =
        AuctionEventLog.next(auction, "bid.placed", fields.build(), now)
            .causedBy(bidder.id(), bidder.clientIp(), bidder.userAgent());
    announce(placed, published);
    return placed;
  }

  /** Adds an event of this batch to the rows it writes and to what it publishes. */
  private void announce(AuctionEvent event, List<AuctionEvent> published) {
    unwritten.add(event);
    published.add(event);
  }

  /**
   * The outcome of a step once its bid has its id; an accepted bid's Idempotency-Key is remembered
   * with it, among the batch's rows (a rejected one's was remembered when it was judged).
   */
  private Object acknowledge(Auction auction, Step step) {
    if (step.sameRequestAs != null) {
      return step.sameRequestAs.outcome;
    }
    if (step.bid == null) {
      return step.outcome;
    }
    String commitment =
        step.bid.salt() == null
            ? null
            : SealedCommitment.of(
                step.bid.id(),
                step.bid.bidderId(),
                new Money(step.bid.amount(), auction.currency()),
                step.bid.salt());
    BidOutcome.Accepted accepted =
        step.draft.identified(String.valueOf(step.bid.id()), commitment);
    step.outcome = accepted;
    remember(step, 201, accepted, step.bid.placedAt());
    return accepted;
  }

  /**
   * Adds a row {auction, bidder, alias, maximum, latest amount, reached at} for every standing the
   * batch changed in {@code auction}; a bidder's first standing adds their alias too.
   */
  private static void changedStandings(Auction auction, Standings before, List<Object[]> rows) {
    Map<String, Integer> aliases = auction.aliases();
    for (BidBook.Entry entry : auction.standings()) {
      if (!entry.equals(before.entries().get(entry.bidderId()))) {
        rows.add(
            new Object[] {
              auction.id(),
              entry.bidderId(),
              aliases.get(entry.bidderId()),
              entry.maximum().amount(),
              entry.latestAmount().amount(),
              entry.reachedAt()
            });
      }
    }
  }

  /** Numbers {@code bid} and adds it to the batch's rows. */
  private void write(Bid bid) {
    bids.add(bid.numbered(ids.next(Bid.IDS, BID_IDS_PER_BLOCK)));
  }

  /** Adds the insert of the Idempotency-Keys of the batch's judged commands to {@code statements}. */
  private void storeRequests(Rows statements) {
    statements.insert(
        "idempotency_keys (actor_id, idem_key, request_hash, status, response, created_at)",
        requests,
        r -> new Object[] {r.actorId(), r.key(), r.requestHash(), r.status(), r.response(), r.createdAt()});
  }

  /** Adds the insert of the batch's bids to {@code statements}. */
  private void writeBids(Rows statements) {
    statements.insert(
        "bids (id, auction_id, bidder_id, amount, max_amount, kind, seq, order_no, placed_at,"
            + " client_ip, user_agent, salt)",
        bids,
        b ->
            new Object[] {
              b.id(),
              b.auctionId(),
              b.bidderId(),
              b.amount(),
              b.maxAmount(),
              b.kind().name(),
              b.seq(),
              b.orderNo(),
              b.placedAt(),
              b.clientIp(),
              b.userAgent(),
              b.salt()
            });
  }

  /**
   * Adds the write of the batch's changed standings to {@code statements}, one statement for all:
   * new participants are inserted, known ones get their standing replaced (their alias never
   * changes).
   */
  private static void storeStandings(Rows statements, List<Object[]> rows) {
    statements.insert(
        "auction_participants (auction_id, bidder_id, alias_no, max_amount, latest_amount, reached_order)",
        rows,
        "ON DUPLICATE KEY UPDATE max_amount = VALUES(max_amount),"
            + " latest_amount = VALUES(latest_amount), reached_order = VALUES(reached_order)");
  }

  private static Standings snapshot(Auction auction) {
    Map<String, BidBook.Entry> entries = new HashMap<>();
    for (BidBook.Entry entry : auction.standings()) {
      entries.put(entry.bidderId(), entry);
    }
    return new Standings(auction.commandNo(), entries, auction.aliases());
  }

  private static Money parse(String amount, Auction auction) {
    try {
      return Money.parse(amount, auction.currency());
    } catch (IllegalArgumentException e) {
      throw new BidRejected(BidRejected.Reason.INVALID_AMOUNT, e.getMessage());
    }
  }
}
