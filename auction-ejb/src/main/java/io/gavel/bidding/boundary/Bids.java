package io.gavel.bidding.boundary;

import io.gavel.audit.control.AuditLog;
import io.gavel.auction.control.AuctionEventLog;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionScheduled;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.BidBook;
import io.gavel.auction.entity.IncrementPolicy;
import io.gavel.auction.entity.Placement;
import io.gavel.auction.entity.BidRejected;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.Participant;
import io.gavel.bidding.entity.Bid;
import io.gavel.bidding.entity.IdempotentRequest;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import io.gavel.platform.entity.IsoTime;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Placing bids: one bid is one container-managed XA transaction that locks the auction row,
 * applies the rules, and writes the bid, the auction's new state and its {@code bid.placed}
 * event, and sends the event to the cluster's topic. Either all of it commits or none of it.
 *
 * <p>The row lock ({@code SELECT … FOR UPDATE}) orders bids on one auction strictly and gives
 * each accepted bid the next {@code seq}; bids on different auctions never wait for each other.
 * This is the baseline the bidding-engine issue measures a batching sequencer against.
 */
@Stateless
public class Bids {

  @PersistenceContext EntityManager em;

  @Inject Users users;
  @Inject AuditLog audit;
  @Inject AuctionEventLog events;
  @Inject Event<AuctionScheduled> scheduled;

  private static final Jsonb JSONB = JsonbBuilder.create();

  private final Clock clock = Clock.systemUTC();

  /** One bidding command against a locked auction with attached standings. */
  @FunctionalInterface
  private interface Command {
    Placement apply(Auction auction, int alias, Instant now);
  }

  /**
   * Places {@code amount} (a decimal string), optionally with a proxy {@code maxAmount}, on
   * auction {@code auctionId} for {@code bidder}.
   *
   * @throws Refusal NOT_FOUND when the auction does not exist
   */
  public BidOutcome place(Caller bidder, long auctionId, String amount, String maxAmount) {
    BidOutcome.Rejected lost = lostRace(bidder, auctionId, amount);
    if (lost != null) {
      return lost;
    }
    return execute(
        bidder,
        auctionId,
        Bid.Kind.MANUAL,
        (auction, alias, now) ->
            auction.placeBid(
                bidder.id(),
                alias,
                parse(amount, auction),
                maxAmount == null ? null : parse(maxAmount, auction),
                now));
  }

  /**
   * {@link #place} under an {@code Idempotency-Key}: a replay of the same request returns the
   * first acknowledgement and changes nothing; the same key with another request is refused
   * with {@code 409 IDEMPOTENCY_KEY_REUSED}. Only accepted bids are remembered (a rejected bid
   * changed nothing, so repeating it is harmless).
   */
  public BidOutcome place(
      Caller bidder, long auctionId, String amount, String maxAmount, String idempotencyKey) {
    if (idempotencyKey == null) {
      return place(bidder, auctionId, amount, maxAmount);
    }
    if (idempotencyKey.isEmpty() || idempotencyKey.length() > 64) {
      throw new Refusal(400, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must have 1 to 64 characters");
    }
    String hash = hash(auctionId + "|" + amount + "|" + maxAmount);
    // the auction's row lock orders concurrent replays of one key behind the first
    if (em.find(Auction.class, auctionId, LockModeType.PESSIMISTIC_WRITE) == null) {
      throw Refusal.notFound("auction " + auctionId);
    }
    IdempotentRequest earlier =
        em.find(IdempotentRequest.class, new IdempotentRequest.Key(bidder.id(), idempotencyKey));
    if (earlier != null) {
      if (!earlier.sameRequest(hash)) {
        throw new Refusal(
            409, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
      }
      return JSONB.fromJson(earlier.response(), BidOutcome.Accepted.class);
    }
    BidOutcome outcome = place(bidder, auctionId, amount, maxAmount);
    if (outcome instanceof BidOutcome.Accepted accepted) {
      em.persist(
          new IdempotentRequest(
              bidder.id(), idempotencyKey, hash, 201, JSONB.toJson(accepted), Instant.now(clock)));
    }
    return outcome;
  }

  private static String hash(String request) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Refuses a bid below the minimum seen by a plain (non-locking) read, without waiting for the
   * auction's row lock: the price never decreases, so a bid below any earlier minimum is too low
   * for good. On a hot auction most lost races end here instead of queueing for the lock. Returns
   * null when the bid must go through the locked path.
   */
  private BidOutcome.Rejected lostRace(Caller bidder, long auctionId, String amount) {
    List<Object[]> rows =
        em.createNamedQuery(Auction.PRICING, Object[].class)
            .setParameter("id", auctionId)
            .getResultList();
    if (rows.isEmpty()) {
      return null;
    }
    Object[] row = rows.get(0);
    java.util.Currency currency = java.util.Currency.getInstance((String) row[0]);
    Money bid;
    try {
      bid = Money.parse(amount, currency);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Money minimum =
        Auction.nextMinimumBid(
            new Money((java.math.BigDecimal) row[1], currency),
            row[2] == null ? null : new Money((java.math.BigDecimal) row[2], currency),
            IncrementPolicy.decode((IncrementPolicy.Kind) row[3], (String) row[4]));
    if (!bid.isBelow(minimum)) {
      return null;
    }
    String detail = "the next bid must be at least " + minimum;
    audit.record(
        bidder, "bid.rejected", "auction:" + auctionId, "BID_TOO_LOW", detail, Instant.now(clock));
    return new BidOutcome.Rejected(BidRejected.Reason.BID_TOO_LOW, detail, minimum.toString());
  }

  /** {@code PUT /proxy}: sets or raises the bidder's maximum. */
  public BidOutcome raiseMaximum(Caller bidder, long auctionId, String maxAmount) {
    return execute(
        bidder,
        auctionId,
        Bid.Kind.MAX_RAISED,
        (auction, alias, now) ->
            auction.raiseMaximum(bidder.id(), alias, parse(maxAmount, auction), now));
  }

  /** {@code DELETE /proxy}: gives up the unused part of the bidder's maximum. */
  public BidOutcome cancelUnused(Caller bidder, long auctionId) {
    return execute(
        bidder,
        auctionId,
        Bid.Kind.MAX_CANCELLED,
        (auction, alias, now) -> auction.cancelUnused(bidder.id(), now));
  }

  /**
   * Runs one bidding command under the auction's row lock.
   *
   * @param kind how the command is logged when it turns out not to be a bid
   */
  private BidOutcome execute(Caller bidder, long auctionId, Bid.Kind kind, Command command) {
    Instant now = Instant.now(clock);
    User profile = users.profileOf(bidder);
    Auction auction = em.find(Auction.class, auctionId, LockModeType.PESSIMISTIC_WRITE);
    if (auction == null) {
      throw Refusal.notFound("auction " + auctionId);
    }
    try {
      if (!profile.mayBid()) {
        throw new BidRejected(
            BidRejected.Reason.BIDDER_BLOCKED, "this account may not bid (" + profile.status() + ")");
      }
      Map<String, Participant> participants = new HashMap<>();
      Map<String, Integer> aliases = new HashMap<>();
      List<BidBook.Entry> standings = new ArrayList<>();
      for (Participant p :
          em.createNamedQuery(Participant.OF_AUCTION, Participant.class)
              .setParameter("auctionId", auctionId)
              .getResultList()) {
        participants.put(p.bidderId(), p);
        aliases.put(p.bidderId(), p.aliasNo());
        BidBook.Entry standing = p.standing(auction.currency());
        if (standing != null) {
          standings.add(standing);
        }
      }
      Participant mine = participants.get(bidder.id());
      int alias = mine != null ? mine.aliasNo() : auction.participants() + 1;
      auction.attach(standings, aliases);
      Placement placement = command.apply(auction, alias, now);
      if (mine == null) {
        mine = new Participant(auctionId, bidder.id(), auction.admitParticipant());
        em.persist(mine);
        participants.put(bidder.id(), mine);
      }
      BidBook.Entry own = null;
      for (BidBook.Entry entry : auction.standings()) {
        participants.get(entry.bidderId()).record(entry);
        if (entry.bidderId().equals(bidder.id())) {
          own = entry;
        }
      }
      Bid recorded = record(auction, bidder, kind, placement, own, now);
      em.flush();
      return new BidOutcome.Accepted(
          String.valueOf(recorded.id()),
          String.valueOf(auctionId),
          placement.leading() ? "LEADING" : "OUTBID",
          auction.currentPrice().toString(),
          auction.nextMinimumBid().toString(),
          own.maximum().toString(),
          placement.leading(),
          auction.seq(),
          IsoTime.format(auction.endsAt()),
          IsoTime.format(now));
    } catch (BidRejected rejected) {
      audit.record(
          bidder,
          "bid.rejected",
          "auction:" + auctionId,
          rejected.reason().name(),
          rejected.getMessage(),
          now);
      return new BidOutcome.Rejected(
          rejected.reason(),
          rejected.getMessage(),
          rejected.nextMinimumBid() == null ? null : rejected.nextMinimumBid().toString());
    }
  }

  /**
   * Writes the command to the bid log and, for bids, announces it: the bidder's own bid, the
   * proxy bid for the leader when the price moved past it, and an extension if soft close
   * applied. Returns the bidder's own row.
   */
  private Bid record(
      Auction auction,
      Caller bidder,
      Bid.Kind kind,
      Placement placement,
      BidBook.Entry own,
      Instant now) {
    long auctionId = auction.id();
    if (!placement.bid()) {
      Bid change =
          new Bid(
              auctionId,
              bidder.id(),
              own.latestAmount().amount(),
              own.maximum().amount(),
              kind,
              auction.seq(),
              placement.orderNo(),
              now,
              bidder.clientIp(),
              bidder.userAgent());
      em.persist(change);
      return change;
    }
    long seq =
        events.append(
            auction,
            "bid.placed",
            AuctionEventLog.JSON.createObjectBuilder()
                .add("currentPrice", auction.currentPrice().toString())
                .add("nextMinimumBid", auction.nextMinimumBid().toString())
                .add("bidCount", auction.bidCount())
                .add("leadingBidder", Participant.alias(auction.leaderAlias()))
                .add("endsAt", IsoTime.format(auction.endsAt()))
                .build(),
            now);
    Bid manual =
        new Bid(
            auctionId,
            bidder.id(),
            own.latestAmount().amount(),
            own.maximum().amount(),
            Bid.Kind.MANUAL,
            seq,
            placement.orderNo(),
            now,
            bidder.clientIp(),
            bidder.userAgent());
    em.persist(manual);
    if (placement.proxyStep()) {
      em.persist(
          new Bid(
              auctionId,
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
      events.append(
          auction,
          "auction.extended",
          AuctionEventLog.JSON.createObjectBuilder()
              .add("endsAt", IsoTime.format(auction.endsAt()))
              .add("extensions", auction.extensions())
              .build(),
          now);
      scheduled.fire(new AuctionScheduled(auctionId, auction.startsAt(), auction.endsAt()));
    }
    return manual;
  }

  /** The public history, newest first; the viewer's own bids are marked. Sealed: empty until closed. */
  public List<BidHistoryEntry> history(long auctionId, Caller viewer, int page, int size) {
    Auction auction = em.find(Auction.class, auctionId);
    if (auction == null) {
      throw Refusal.notFound("auction " + auctionId);
    }
    boolean sealed =
        auction.type() == AuctionType.SEALED_FIRST_PRICE
            || auction.type() == AuctionType.SEALED_SECOND_PRICE;
    if (sealed && auction.status() != AuctionStatus.CLOSED) {
      return List.of();
    }
    List<Object[]> aliases =
        em.createQuery(
                "SELECT p.bidderId, p.aliasNo FROM Participant p WHERE p.auctionId = :id",
                Object[].class)
            .setParameter("id", auctionId)
            .getResultList();
    Map<String, Integer> aliasOf =
        aliases.stream().collect(Collectors.toMap(r -> (String) r[0], r -> (Integer) r[1]));
    return em.createNamedQuery(Bid.OF_AUCTION, Bid.class)
        .setParameter("auctionId", auctionId)
        .setFirstResult(page * size)
        .setMaxResults(size)
        .getResultList()
        .stream()
        .map(
            b ->
                new BidHistoryEntry(
                    String.valueOf(b.id()),
                    Participant.alias(aliasOf.get(b.bidderId())),
                    new Money(b.amount(), auction.currency()).toString(),
                    b.kind().name(),
                    IsoTime.format(b.placedAt()),
                    viewer != null && viewer.id().equals(b.bidderId())))
        .toList();
  }

  /** The stored state next to the state recomputed from the stored bid log. */
  public record ReplayCheck(
      String auctionId,
      String storedPrice,
      String replayedPrice,
      String storedLeader,
      String replayedLeader,
      long commands,
      boolean matches) {}

  /**
   * Recomputes the auction's price and leader by replaying its stored commands through the
   * rules, and compares them with the stored state (an audit of the bidding engine).
   */
  public ReplayCheck replay(long auctionId) {
    Auction auction = em.find(Auction.class, auctionId);
    if (auction == null) {
      throw Refusal.notFound("auction " + auctionId);
    }
    List<BidBook.Command> commands = new ArrayList<>();
    for (Bid b :
        em.createNamedQuery(Bid.HISTORY, Bid.class)
            .setParameter("auctionId", auctionId)
            .getResultList()) {
      Money amount = new Money(b.amount(), auction.currency());
      Money maximum = b.maxAmount() == null ? null : new Money(b.maxAmount(), auction.currency());
      switch (b.kind()) {
        case MANUAL -> commands.add(BidBook.Command.place(b.bidderId(), amount, maximum, b.orderNo()));
        case MAX_RAISED -> commands.add(BidBook.Command.raise(b.bidderId(), maximum, b.orderNo()));
        case MAX_CANCELLED -> commands.add(BidBook.Command.cancel(b.bidderId(), b.orderNo()));
        case PROXY -> {
          // derived from the command before it, not a command
        }
      }
    }
    BidBook replayed =
        BidBook.replay(
            auction.startingPrice(), auction.reservePrice(), auction.incrementPolicy(), commands);
    String storedPrice = auction.currentPrice() == null ? null : auction.currentPrice().toString();
    String replayedPrice = replayed.price() == null ? null : replayed.price().toString();
    boolean matches =
        java.util.Objects.equals(storedPrice, replayedPrice)
            && java.util.Objects.equals(auction.leaderId(), replayed.leader());
    return new ReplayCheck(
        String.valueOf(auctionId),
        storedPrice,
        replayedPrice,
        auction.leaderId(),
        replayed.leader(),
        commands.size(),
        matches);
  }

  public long historySize(long auctionId) {
    return em.createNamedQuery(Bid.COUNT_OF_AUCTION, Long.class)
        .setParameter("auctionId", auctionId)
        .getSingleResult();
  }

  private static Money parse(String amount, Auction auction) {
    try {
      return Money.parse(amount, auction.currency());
    } catch (IllegalArgumentException e) {
      throw new BidRejected(BidRejected.Reason.INVALID_AMOUNT, e.getMessage());
    }
  }

}
