package io.gavel.bidding.boundary;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.BidBook;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.Participant;
import io.gavel.bidding.control.BidCommand;
import io.gavel.bidding.entity.Bid;
import io.gavel.bidding.entity.IdempotentRequest;
import io.gavel.platform.entity.IsoTime;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Bidding: placing bids, raising and cancelling proxy maximums, the anonymised history and the
 * replay audit.
 *
 * <p>The bidding verbs hand their command to {@link BidQueue}, which queues it on this node's
 * sequencer behind the auction's earlier commands to be applied in a batch transaction, and wait
 * for the outcome, which exists only once the batch committed. They run outside any transaction: a
 * waiting request holds no connection and no lock.
 */
@Stateless
public class Bids {

  @PersistenceContext EntityManager em;

  @Inject BidQueue queue;

  /**
   * Places {@code amount} (a decimal string), optionally with a proxy {@code maxAmount}, on
   * auction {@code auctionId} for {@code bidder}.
   *
   * @throws Refusal NOT_FOUND when the auction does not exist
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public BidOutcome place(Caller bidder, long auctionId, String amount, String maxAmount) {
    return place(bidder, auctionId, amount, maxAmount, null);
  }

  /**
   * {@link #place} under an {@code Idempotency-Key}: a replay of the same request returns the
   * first answer (acknowledgement or rejection) and changes nothing; the same key with another
   * request is refused with {@code 409 IDEMPOTENCY_KEY_REUSED}. A request refused before it was
   * judged (bad input, the rate limit) or whose batch failed leaves no record under its key.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public BidOutcome place(
      Caller bidder, long auctionId, String amount, String maxAmount, String idempotencyKey) {
    String key = IdempotentRequest.checkedKey(idempotencyKey);
    return submit(auctionId, BidCommand.place(bidder, amount, maxAmount, key));
  }

  /**
   * {@code PUT /proxy}: sets or raises the bidder's maximum; under an {@code Idempotency-Key} (or
   * null) like {@link #place}.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public BidOutcome raiseMaximum(Caller bidder, long auctionId, String maxAmount, String idempotencyKey) {
    String key = IdempotentRequest.checkedKey(idempotencyKey);
    return submit(auctionId, BidCommand.raiseMaximum(bidder, maxAmount, key));
  }

  /**
   * {@code DELETE /proxy}: gives up the unused part of the bidder's maximum; under an {@code
   * Idempotency-Key} (or null) like {@link #place}, so that a repeat sent after the bidder raised
   * the maximum again does not give that up too.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public BidOutcome cancelUnused(Caller bidder, long auctionId, String idempotencyKey) {
    String key = IdempotentRequest.checkedKey(idempotencyKey);
    return submit(auctionId, BidCommand.cancelUnused(bidder, key));
  }

  /**
   * {@code POST /accept}: accepts a Dutch auction's clock price, {@code price} being the price
   * the bidder saw. The first accept at the current price wins and closes the auction; a stale
   * price is refused with {@code PRICE_CHANGED} and the current price. Under an {@code
   * Idempotency-Key} (or null) like {@link #place}.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public BidOutcome accept(Caller bidder, long auctionId, String price, String idempotencyKey) {
    String key = IdempotentRequest.checkedKey(idempotencyKey);
    return submit(auctionId, BidCommand.accept(bidder, price, key));
  }

  /** Admits the command under the bidder's rate limit, queues it and waits for its batch. */
  private BidOutcome submit(long auctionId, BidCommand command) {
    CompletableFuture<BidOutcome> outcome = queue.submit(auctionId, command);
    try {
      return outcome.get(BidQueue.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Refusal refusal) {
        throw refusal;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new Refusal(
          503, "BID_PENDING", "the bid was not confirmed in time; repeat it with the same Idempotency-Key to learn its outcome");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refusal(503, "BID_PENDING", "the bid was not confirmed; repeat it with the same Idempotency-Key");
    }
  }

  /**
   * The public history, newest first; the viewer's own bids are marked. Its types are the
   * contract's: {@code PROXY} for proxy bids, {@code MANUAL} for every bid a bidder placed
   * (sealed bids and Dutch accepts included). Sealed: empty until closed, except for staff, and
   * then {@code total} is 0 too.
   */
  public HistoryPage history(long auctionId, Caller viewer, int page, int size) {
    Auction auction = em.find(Auction.class, auctionId);
    if (auction == null) {
      throw Refusal.notFound("auction " + auctionId);
    }
    if (hidden(auction, viewer)) {
      return new HistoryPage(List.of(), 0);
    }
    List<Object[]> aliases =
        em.createQuery(
                "SELECT p.bidderId, p.aliasNo FROM Participant p WHERE p.auctionId = :id",
                Object[].class)
            .setParameter("id", auctionId)
            .getResultList();
    Map<String, Integer> aliasOf =
        aliases.stream().collect(Collectors.toMap(r -> (String) r[0], r -> (Integer) r[1]));
    List<BidHistoryEntry> items =
        em.createNamedQuery(Bid.OF_AUCTION, Bid.class)
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
                        b.kind() == Bid.Kind.PROXY ? "PROXY" : "MANUAL",
                        IsoTime.format(b.placedAt()),
                        viewer != null && viewer.id().equals(b.bidderId())))
            .toList();
    long total =
        em.createNamedQuery(Bid.COUNT_OF_AUCTION, Long.class)
            .setParameter("auctionId", auctionId)
            .getSingleResult();
    return new HistoryPage(items, total);
  }

  /** One page of the public history and how many entries it has in all. */
  public record HistoryPage(List<BidHistoryEntry> items, long total) {}

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
        case PROXY, SEALED, ACCEPT -> {
          // a proxy bid follows from the command before it; sealed bids and Dutch accepts are
          // no English commands
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

  /** The caller's own bidding commands on every auction, newest first. */
  public List<OwnBid> ofBidder(Caller bidder, int page, int size) {
    List<OwnBid> own = new ArrayList<>();
    for (Object[] row :
        em.createNamedQuery(Bid.OF_BIDDER, Object[].class)
            .setParameter("bidderId", bidder.id())
            .setFirstResult(page * size)
            .setMaxResults(size)
            .getResultList()) {
      Bid b = (Bid) row[0];
      Auction a = (Auction) row[1];
      own.add(
          new OwnBid(
              String.valueOf(b.id()),
              String.valueOf(a.id()),
              a.title(),
              a.status().name(),
              b.kind().name(),
              new Money(b.amount(), a.currency()).toString(),
              b.maxAmount() == null ? null : new Money(b.maxAmount(), a.currency()).toString(),
              IsoTime.format(b.placedAt())));
    }
    return own;
  }

  public long countOfBidder(Caller bidder) {
    return em.createNamedQuery(Bid.COUNT_OF_BIDDER, Long.class)
        .setParameter("bidderId", bidder.id())
        .getSingleResult();
  }

  /** A sealed auction's bids stay hidden until it closed, except from staff. */
  private static boolean hidden(Auction auction, Caller viewer) {
    boolean staff = viewer != null && viewer.isStaff();
    return auction.sealed() && auction.status() != AuctionStatus.CLOSED && !staff;
  }
}
