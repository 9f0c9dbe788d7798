package io.gavel.bidding.boundary;

import io.gavel.audit.control.AuditLog;
import io.gavel.auction.control.AuctionEventLog;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionScheduled;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.BidAcceptance;
import io.gavel.auction.entity.BidRejected;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.Participant;
import io.gavel.bidding.entity.Bid;
import io.gavel.platform.entity.IsoTime;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
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

  private final Clock clock = Clock.systemUTC();

  /**
   * Places {@code amount} (a decimal string) on auction {@code auctionId} for {@code bidder}.
   *
   * @throws Refusal NOT_FOUND when the auction does not exist
   */
  public BidOutcome place(Caller bidder, long auctionId, String amount, String maxAmount) {
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
      Money bid = parse(amount, auction);
      if (maxAmount != null) {
        throw new BidRejected(
            BidRejected.Reason.INVALID_AMOUNT,
            "proxy bids (maxAmount) are not available yet; place a plain bid");
      }
      Participant participant = em.find(Participant.class, new Participant.Key(auctionId, bidder.id()));
      boolean newcomer = participant == null;
      int alias = newcomer ? auction.participants() + 1 : participant.aliasNo();
      BidAcceptance accepted = auction.acceptBid(bidder.id(), alias, bid, now);
      if (newcomer) {
        em.persist(new Participant(auctionId, bidder.id(), auction.admitParticipant()));
      }
      long seq =
          events.append(
              auction,
              "bid.placed",
              Json.createObjectBuilder()
                  .add("currentPrice", accepted.currentPrice().toString())
                  .add("nextMinimumBid", accepted.nextMinimumBid().toString())
                  .add("bidCount", auction.bidCount())
                  .add("leadingBidder", Participant.alias(alias))
                  .add("endsAt", IsoTime.format(auction.endsAt()))
                  .build(),
              now);
      Bid record =
          new Bid(
              auctionId,
              bidder.id(),
              bid.amount(),
              null,
              Bid.Kind.MANUAL,
              seq,
              now,
              bidder.clientIp(),
              bidder.userAgent());
      em.persist(record);
      if (accepted.extended()) {
        events.append(
            auction,
            "auction.extended",
            Json.createObjectBuilder()
                .add("endsAt", IsoTime.format(auction.endsAt()))
                .add("extensions", auction.extensions())
                .build(),
            now);
        scheduled.fire(new AuctionScheduled(auctionId, auction.startsAt(), auction.endsAt()));
      }
      em.flush();
      return new BidOutcome.Accepted(
          String.valueOf(record.id()),
          String.valueOf(auctionId),
          "LEADING",
          accepted.currentPrice().toString(),
          accepted.nextMinimumBid().toString(),
          true,
          seq,
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
