package io.gavel.auction.boundary;

import io.gavel.audit.control.AuditLog;
import io.gavel.auction.control.AuctionEventLog;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionEvent;
import io.gavel.auction.entity.AuctionScheduled;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.Participant;
import io.gavel.catalogue.entity.Category;
import io.gavel.platform.entity.IsoTime;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.Caller;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Listing, reading and the time-driven transitions of auctions. Every transition locks the
 * auction row and re-checks the state under the lock, so timers and sweepers on several nodes
 * may race for the same auction and exactly one of them applies the change.
 */
@Stateless
public class Auctions {

  private static final Logger LOG = Logger.getLogger(Auctions.class.getName());

  @PersistenceContext EntityManager em;

  @Inject Users users;
  @Inject AuditLog audit;
  @Inject AuctionEventLog events;
  @Inject Event<AuctionScheduled> scheduled;

  private final Clock clock = Clock.systemUTC();

  public AuctionView create(Caller seller, NewAuction request) {
    Instant now = Instant.now(clock);
    users.profileOf(seller);
    Category category =
        Optional.ofNullable(em.find(Category.class, request.categoryId()))
            .orElseThrow(
                () ->
                    Refusal.invalid(
                        "UNKNOWN_CATEGORY", "category " + request.categoryId() + " does not exist"));
    if (request.type() != AuctionType.ENGLISH) {
      throw Refusal.invalid(
          "UNSUPPORTED_AUCTION_TYPE",
          request.type() + " auctions are not available yet; only ENGLISH is");
    }
    Instant startsAt = request.startsAt() == null ? now : request.startsAt();
    if (!request.endsAt().isAfter(startsAt)) {
      throw Refusal.invalid("INVALID_DURATION", "endsAt must be after startsAt");
    }
    long seconds = Duration.between(startsAt, request.endsAt()).toSeconds();
    if (!category.allowsDuration(seconds)) {
      throw Refusal.invalid(
          "INVALID_DURATION",
          "category '"
              + category.name()
              + "' allows durations of "
              + category.minDurationSeconds()
              + " to "
              + category.maxDurationSeconds()
              + " seconds, got "
              + seconds);
    }
    if (!request.endsAt().isAfter(now)) {
      throw Refusal.invalid("INVALID_DURATION", "endsAt must be in the future");
    }
    if (request.reservePrice() != null
        && request.reservePrice().isBelow(request.startingPrice())) {
      throw Refusal.invalid("INVALID_RESERVE", "reservePrice must not be below startingPrice");
    }
    Auction auction =
        new Auction(
            seller.id(),
            category.id(),
            request.title(),
            request.description(),
            request.type(),
            request.startingPrice(),
            request.reservePrice(),
            request.increment(),
            startsAt,
            request.endsAt(),
            request.softClose(),
            category.commissionRate(),
            request.itemJson(),
            now);
    auction.requireKyc(category.kycLevelToBid(), category.kycThreshold());
    auction.requirePaymentAuthorization(category.preauthThreshold());
    em.persist(auction);
    em.flush();
    audit.record(seller, "auction.create", "auction:" + auction.id(), "CREATED", null, now);
    scheduled.fire(new AuctionScheduled(auction.id(), auction.startsAt(), auction.endsAt()));
    return AuctionView.of(auction, true, now);
  }

  /** The auction as {@code viewer} (null = anonymous) may see it. */
  public Optional<AuctionView> find(long id, Caller viewer) {
    Auction auction = em.find(Auction.class, id);
    if (auction == null) {
      return Optional.empty();
    }
    boolean privileged =
        viewer != null && (viewer.isStaff() || viewer.id().equals(auction.sellerId()));
    return Optional.of(AuctionView.of(auction, privileged, Instant.now(clock)));
  }

  /**
   * Closes the auction if it is due, publishing {@code auction.status} and {@code
   * auction.closed}.
   *
   * @return the instant it is due if not yet due and still open (the caller re-arms), else empty
   */
  public Optional<Instant> closeIfDue(long id) {
    Instant now = Instant.now(clock);
    Auction auction = em.find(Auction.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (auction == null) {
      return Optional.empty();
    }
    if (auction.status() == AuctionStatus.SCHEDULED) {
      startIfDue(auction, now);
      return Optional.of(auction.status() == AuctionStatus.SCHEDULED ? auction.startsAt() : auction.endsAt());
    }
    if (!auction.closeIfDue(now)) {
      return auction.status() == AuctionStatus.ACTIVE
          ? Optional.of(auction.endsAt())
          : Optional.empty();
    }
    events.append(
        auction,
        "auction.status",
        AuctionEventLog.JSON.createObjectBuilder().add("status", auction.status().name()).build(),
        now);
    var result =
        AuctionEventLog.JSON.createObjectBuilder().add("outcome", auction.outcome().name());
    if (auction.winnerAlias() != null) {
      result
          .add("winningBidder", Participant.alias(auction.winnerAlias()))
          .add("price", auction.finalPrice().toString());
    }
    events.append(
        auction,
        "auction.closed",
        AuctionEventLog.JSON.createObjectBuilder()
            .add("result", result)
            .add("closedAt", IsoTime.format(now))
            .build(),
        now);
    audit.record(null, "auction.close", "auction:" + id, auction.outcome().name(), null, now);
    LOG.fine(() -> "closed auction " + id + " with " + auction.outcome());
    return Optional.empty();
  }

  private void startIfDue(Auction auction, Instant now) {
    if (auction.startIfDue(now)) {
      events.append(
          auction,
          "auction.status",
          AuctionEventLog.JSON.createObjectBuilder().add("status", auction.status().name()).build(),
          now);
      audit.record(null, "auction.start", "auction:" + auction.id(), "ACTIVE", null, now);
    }
  }

  /** One stored public event: its seq and its message (without serverTime). */
  public record PublishedEvent(long seq, String message) {}

  /**
   * The stored public events of an auction after {@code afterSeq}, oldest first, at most {@code
   * limit}; for clients resuming with {@code lastSeq}.
   */
  public List<PublishedEvent> eventsAfter(long auctionId, long afterSeq, int limit) {
    return em.createNamedQuery(AuctionEvent.AFTER, AuctionEvent.class)
        .setParameter("auctionId", auctionId)
        .setParameter("seq", afterSeq)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(e -> new PublishedEvent(e.seq(), e.payload()))
        .toList();
  }

  /** Ids of auctions whose start or end has passed without the transition being applied. */
  public List<Long> overdue() {
    Instant now = Instant.now(clock);
    List<Long> ids =
        new java.util.ArrayList<>(
            em.createNamedQuery(Auction.DUE_TO_START, Long.class)
                .setParameter("now", now)
                .setMaxResults(500)
                .getResultList());
    ids.addAll(
        em.createNamedQuery(Auction.DUE_TO_CLOSE, Long.class)
            .setParameter("now", now)
            .setMaxResults(500)
            .getResultList());
    return ids;
  }

  /** Every auction that still has a start or end ahead (or overdue), for re-arming timers. */
  public List<AuctionScheduled> open() {
    return em.createNamedQuery(Auction.OPEN_END_TIMES, Object[].class).getResultList().stream()
        .map(row -> new AuctionScheduled((Long) row[0], (Instant) row[1], (Instant) row[2]))
        .toList();
  }
}
