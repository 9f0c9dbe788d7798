package io.gavel.auction.boundary;

import io.gavel.audit.boundary.Refusals;
import io.gavel.audit.control.AuditLog;
import io.gavel.auction.control.AuctionEventLog;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionEvent;
import io.gavel.auction.entity.AuctionScheduled;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.Participant;
import io.gavel.catalogue.entity.Category;
import io.gavel.catalogue.entity.KycRule;
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
import java.math.BigDecimal;
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
  @Inject Refusals refusals;
  @Inject AuctionEventLog events;
  @Inject Event<AuctionScheduled> scheduled;
  @Inject Presence presence;

  private final Clock clock = Clock.systemUTC();

  /** Lists an auction for {@code seller}; every rule is checked before anything is written. */
  public AuctionView create(Caller seller, NewAuction request) {
    Instant now = Instant.now(clock);
    User profile = users.profileOf(seller);
    Category category =
        Optional.ofNullable(em.find(Category.class, request.categoryId()))
            .orElseThrow(
                () ->
                    Refusal.invalid(
                        "UNKNOWN_CATEGORY", "category " + request.categoryId() + " does not exist"));
    Auction auction;
    try {
      auction = listing(profile, request, category, now);
    } catch (Refusal refusal) {
      if (refusal.status() == 403) {
        refusals.record(seller, "auction.create", "category:" + category.id(), refusal.code(), refusal.getMessage());
      }
      throw refusal;
    }
    em.persist(auction);
    em.flush();
    audit.record(seller, "auction.create", "auction:" + auction.id(), "CREATED", null, now);
    scheduled.fire(new AuctionScheduled(auction.id(), auction.startsAt(), auction.endsAt()));
    return AuctionView.of(auction, true, seller.isStaff(), now);
  }

  /**
   * A new, unsaved auction from a listing request, after every check: times and durations
   * against the category, reserve against starting price, the type-specific parameters (a Dutch
   * clock only and always for DUTCH, soft close only for ENGLISH), the auction's own KYC rule
   * against the category's, and last whether the category lets this seller list it (KYC level to
   * sell, verified sellers above a price).
   */
  private static Auction listing(User seller, NewAuction request, Category category, Instant now) {
    String sellerId = seller.id();
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
    java.util.Currency currency = request.startingPrice().currency();
    try {
      request.increment().requireRepresentableIn(currency);
    } catch (IllegalArgumentException e) {
      // only the default table can get here (FIXED and CUSTOM amounts were read in the currency):
      // its first steps are 0.05 and 0.25, less than a currency without minor units can pay
      throw Refusal.invalid(
          "INVALID_INCREMENT",
          "the default increment table has steps of 0.05 and 0.25, which " + currency.getCurrencyCode()
              + " cannot pay; give a FIXED or CUSTOM increment");
    }
    boolean dutch = request.type() == AuctionType.DUTCH;
    if (dutch != (request.dutch() != null)) {
      throw Refusal.invalid(
          "INVALID_DUTCH", dutch ? "DUTCH auctions need 'dutch' parameters" : "'dutch' is only for DUTCH auctions");
    }
    if (request.softClose() != null && request.type() != AuctionType.ENGLISH) {
      throw Refusal.invalid(
          "INVALID_SOFT_CLOSE", "softClose applies to ENGLISH auctions only; " + request.type() + " auctions end at endsAt");
    }
    if (dutch && request.reservePrice() != null) {
      throw Refusal.invalid(
          "INVALID_RESERVE", "DUTCH auctions have no reserve: dutch.floorPrice is the lowest price");
    }
    if (dutch && request.startingPrice().compareTo(request.dutch().startPrice()) != 0) {
      throw Refusal.invalid(
          "INVALID_DUTCH", "a DUTCH auction's startingPrice must equal dutch.startPrice (or be omitted)");
    }
    KycRule kycRule = category.bidRule();
    if (request.kycRule() != null) {
      if (!request.kycRule().atLeastAsStrictAs(kycRule)) {
        throw Refusal.invalid(
            "INVALID_KYC_RULE",
            "an auction may tighten its category's KYC rule (" + kycRule + "), not loosen it");
      }
      kycRule = request.kycRule();
    }
    BigDecimal highestPrice = request.startingPrice().amount();
    if (request.reservePrice() != null) {
      highestPrice = highestPrice.max(request.reservePrice().amount());
    }
    if (dutch) {
      highestPrice = highestPrice.max(request.dutch().startPrice().amount());
    }
    category.sellerRule().admit(seller.kycLevel().name(), seller.sellerVerified(), highestPrice);
    Auction auction =
        new Auction(
            sellerId,
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
            request.dutch(),
            category.commissionRate(),
            request.itemJson(),
            now);
    auction.requireKyc(kycRule.level(), kycRule.threshold());
    auction.requirePaymentAuthorization(category.preauthThreshold());
    auction.listed();
    return auction;
  }

  /** The auction as {@code viewer} (null = anonymous) may see it. */
  public Optional<AuctionView> find(long id, Caller viewer) {
    Auction auction = em.find(Auction.class, id);
    if (auction == null) {
      return Optional.empty();
    }
    boolean privileged =
        viewer != null && (viewer.isStaff() || viewer.id().equals(auction.sellerId()));
    Instant now = Instant.now(clock);
    Presence.Count count = presence.of(List.of(id), now).get(id);
    return Optional.of(
        AuctionView.of(auction, privileged, viewer != null && viewer.isStaff(), now)
            .watchedBy(count == null ? 0 : count.watchers()));
  }

  /**
   * Cancels an auction that has not closed: its seller while nobody has bid, staff always. The
   * change is one audited event ({@code auction.status CANCELLED}).
   */
  public AuctionView cancel(Caller caller, long id) {
    Instant now = Instant.now(clock);
    Auction auction = em.find(Auction.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (auction == null) {
      throw Refusal.notFound("auction " + id);
    }
    boolean staff = caller.isStaff();
    if (!staff && !caller.id().equals(auction.sellerId())) {
      throw notYours(caller, "auction.cancel", id, "only the seller or staff may cancel an auction");
    }
    if (auction.status() != AuctionStatus.SCHEDULED && auction.status() != AuctionStatus.ACTIVE) {
      throw new Refusal(409, "AUCTION_NOT_ACTIVE", "auction " + id + " is " + auction.status() + " and can no longer be cancelled");
    }
    if (!staff && auction.bidCount() > 0) {
      throw new Refusal(409, "AUCTION_HAS_BIDS", "an auction with bids can only be cancelled by staff");
    }
    auction.cancel(staff, now);
    events.append(
        auction,
        "auction.status",
        AuctionEventLog.JSON.createObjectBuilder().add("status", auction.status().name()).build(),
        now);
    audit.record(caller, "auction.cancel", "auction:" + id, "CANCELLED", staff && !caller.id().equals(auction.sellerId()) ? "by staff" : null, now);
    return AuctionView.of(auction, true, caller.isStaff(), now);
  }

  /**
   * A seller's (or staff's) changes to a listing. Text (title, description, item) may change
   * until the auction closes, except the title once bidding has started; the price rules and
   * times only while it is still scheduled (nobody can have bid, and nothing is frozen yet).
   * Anything else is refused with {@code 409 RULES_FROZEN} and changes nothing.
   */
  public AuctionView revise(Caller caller, long id, Revision revision) {
    Instant now = Instant.now(clock);
    Auction auction = em.find(Auction.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (auction == null) {
      throw Refusal.notFound("auction " + id);
    }
    if (!caller.isStaff() && !caller.id().equals(auction.sellerId())) {
      throw notYours(caller, "auction.revise", id, "only the seller or staff may change an auction");
    }
    if (auction.status() != AuctionStatus.SCHEDULED && auction.status() != AuctionStatus.ACTIVE) {
      throw new Refusal(409, "AUCTION_NOT_ACTIVE", "auction " + id + " is " + auction.status());
    }
    boolean started = auction.status() != AuctionStatus.SCHEDULED;
    if (started && (revision.title() != null || revision.changesRules())) {
      throw new Refusal(
          409,
          "RULES_FROZEN",
          "auction " + id + " has started: only description and item may change now");
    }
    if (revision.changesRules()) {
      Category category = em.find(Category.class, auction.categoryId());
      NewAuction merged = revision.appliedTo(auction);
      if (merged.startsAt() == null || !merged.startsAt().isAfter(now)) {
        throw Refusal.invalid(
            "INVALID_DURATION", "a scheduled auction's startsAt must stay in the future");
      }
      User seller = em.find(User.class, auction.sellerId());
      auction.reviseRules(listing(seller, merged, category, now));
      scheduled.fire(new AuctionScheduled(auction.id(), auction.startsAt(), auction.endsAt()));
    }
    auction.reviseText(revision.title(), revision.description(), revision.itemJson());
    audit.record(caller, "auction.revise", "auction:" + id, "REVISED", revision.fieldNames(), now);
    return AuctionView.of(auction, true, caller.isStaff(), now);
  }

  /** A {@code 403 NOT_YOUR_AUCTION}, audited in a transaction of its own. */
  private Refusal notYours(Caller caller, String action, long id, String detail) {
    Refusal refusal = new Refusal(403, "NOT_YOUR_AUCTION", detail);
    refusals.record(caller, action, "auction:" + id, refusal.code(), null);
    return refusal;
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

}
