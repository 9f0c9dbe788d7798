package io.gavel.payments.boundary;

import io.gavel.audit.control.AuditLog;
import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.Money;
import io.gavel.bidding.entity.IdempotentRequest;
import io.gavel.payments.control.PaymentGateway;
import io.gavel.payments.entity.PaymentAuthorization;
import io.gavel.platform.entity.IsoTime;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Payment pre-authorisations: a bidder asks the payment gateway to hold an amount on their payment
 * method so they may bid up to that amount on one high-value auction. The hold outlives the
 * auction's end by {@link #HOLD_AFTER_END}, long enough to capture the winning price.
 */
@Stateless
public class PaymentAuthorizations {

  static final Duration HOLD_AFTER_END = Duration.ofDays(7);

  @PersistenceContext EntityManager em;

  @Inject PaymentGateway gateway;
  @Inject AuditLog audit;
  @Inject Users users;

  private static final Jsonb JSONB = JsonbBuilder.create();

  private final Clock clock = Clock.systemUTC();

  /** The answer to an authorisation request. */
  public sealed interface Outcome {}

  /** The hold was placed and recorded. */
  public record Authorized(
      String authorizationId, String auctionId, String amount, String status, String expiresAt)
      implements Outcome {}

  /** The gateway declined; nothing but an audit entry was recorded. */
  public record Declined(String declineCode) implements Outcome {}

  /**
   * Asks the gateway to hold {@code amount} (a decimal string in the auction's currency) on
   * {@code paymentMethod} for {@code bidder}'s bids on auction {@code auctionId}.
   *
   * <p>Under an {@code Idempotency-Key} (or null), the answer, hold or decline, is kept with the
   * hold in one transaction, and a repeat of the request gets it again without a second call to
   * the gateway; another request under the key is refused. The bidder's keyed authorisations run
   * one at a time (their profile row is locked first), so a repeat sent while the first is still
   * at the gateway waits for its answer. A request refused before the gateway was asked leaves
   * nothing under its key.
   *
   * @throws Refusal NOT_FOUND, AUCTION_NOT_ACTIVE, SELLER_CANNOT_BID, INVALID_AMOUNT,
   *     INVALID_IDEMPOTENCY_KEY or IDEMPOTENCY_KEY_REUSED
   */
  public Outcome authorize(
      Caller bidder, long auctionId, String paymentMethod, String amount, String idempotencyKey) {
    String key = IdempotentRequest.checkedKey(idempotencyKey);
    if (key == null) {
      return authorize(bidder, auctionId, paymentMethod, amount);
    }
    em.lock(users.profileOf(bidder), LockModeType.PESSIMISTIC_WRITE);
    String hash =
        IdempotentRequest.fingerprint("AUTHORIZE|" + auctionId + "|" + paymentMethod + "|" + amount);
    IdempotentRequest earlier =
        em.find(IdempotentRequest.class, new IdempotentRequest.Key(bidder.id(), key));
    if (earlier != null) {
      if (!earlier.sameRequest(hash)) {
        throw IdempotentRequest.reused();
      }
      return JSONB.fromJson(
          earlier.response(), earlier.status() == 201 ? Authorized.class : Declined.class);
    }
    Outcome outcome = authorize(bidder, auctionId, paymentMethod, amount);
    em.persist(
        new IdempotentRequest(
            bidder.id(),
            key,
            hash,
            outcome instanceof Authorized ? 201 : 402,
            JSONB.toJson(outcome),
            Instant.now(clock)));
    return outcome;
  }

  /** {@link #authorize(Caller, long, String, String, String)}, the work without the key. */
  private Outcome authorize(Caller bidder, long auctionId, String paymentMethod, String amount) {
    Auction auction = em.find(Auction.class, auctionId);
    if (auction == null) {
      throw Refusal.notFound("auction " + auctionId);
    }
    if (auction.status() != AuctionStatus.ACTIVE && auction.status() != AuctionStatus.SCHEDULED) {
      throw new Refusal(409, "AUCTION_NOT_ACTIVE", "auction " + auctionId + " is not open for bids");
    }
    if (auction.sellerId().equals(bidder.id())) {
      throw new Refusal(403, "SELLER_CANNOT_BID", "sellers cannot bid on their own auctions");
    }
    Money hold;
    try {
      hold = Money.parse(amount, auction.currency());
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid("INVALID_AMOUNT", e.getMessage());
    }
    if (hold.amount().signum() <= 0) {
      throw Refusal.invalid("INVALID_AMOUNT", "the amount to authorise must be positive");
    }
    Instant now = Instant.now(clock);
    PaymentGateway.Authorization answer =
        gateway.authorize(paymentMethod, hold, "Gavel auction " + auctionId);
    String subject = "auction:" + auctionId;
    if (!answer.approved()) {
      audit.record(bidder, "payment.authorize", subject, "DECLINED", answer.declineCode(), now);
      return new Declined(answer.declineCode());
    }
    Instant end = auction.endsAt().isAfter(now) ? auction.endsAt() : now;
    PaymentAuthorization authorization =
        new PaymentAuthorization(
            auctionId,
            bidder.id(),
            hold.amount(),
            hold.currency().getCurrencyCode(),
            answer.reference(),
            now,
            end.plus(HOLD_AFTER_END));
    em.persist(authorization);
    em.flush();
    audit.record(bidder, "payment.authorize", subject, "AUTHORIZED", hold.toString(), now);
    return new Authorized(
        String.valueOf(authorization.id()),
        String.valueOf(auctionId),
        hold.toString(),
        authorization.status().name(),
        IsoTime.format(authorization.expiresAt()));
  }

  /**
   * The largest amount {@code bidderId}'s live authorisations cover on auction {@code auctionId}
   * at {@code now}, or null when they hold none.
   */
  public BigDecimal covered(long auctionId, String bidderId, Instant now) {
    return em.createNamedQuery(PaymentAuthorization.COVERED, BigDecimal.class)
        .setParameter("auctionId", auctionId)
        .setParameter("bidderId", bidderId)
        .setParameter("now", now)
        .getSingleResult();
  }
}
