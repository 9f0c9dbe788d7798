package io.gavel.auction.entity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The English-auction rules of the contract as a pure state machine: every bidder's maximum,
 * the leader and the current price, changed only by {@link #place}, {@link #raiseMaximum} and
 * {@link #cancelUnused}. It never reads a clock; {@code order} is the position of the command in
 * the auction's strictly ordered history, which decides who reached an equal maximum first.
 *
 * <p>Resolution: each bidder's maximum is the highest {@code maxAmount} (or, for a plain bid,
 * {@code amount}) they placed. The leader holds the highest maximum; on equal maximums the one who
 * reached it first leads. The price is the runner-up's maximum plus the increment that applies at
 * that maximum, capped at the leader's maximum, never below the starting price nor the leader's
 * own latest amount; it jumps to the reserve when the leader's maximum reaches the reserve; and
 * it never decreases. A leader who raises their maximum does not raise the price, unless the new
 * maximum reaches the reserve: then the price jumps to it.
 *
 * <p>{@link #replay} folds a history through the same methods, so a replayed book equals the
 * live one by construction; the property tests check it anyway.
 */
public final class BidBook {

  /** One bidder's standing: their maximum, the highest amount they bid themselves, and when they reached that maximum. */
  public record Entry(String bidderId, Money maximum, Money latestAmount, long reachedAt) {
    public Entry {
      Objects.requireNonNull(bidderId);
      Objects.requireNonNull(maximum);
      Objects.requireNonNull(latestAmount);
    }
  }

  /** What a command changed: the price and leader before and after. */
  public record Change(Money previousPrice, String previousLeader, Money price, String leader) {

    public boolean leaderChanged() {
      return !Objects.equals(previousLeader, leader);
    }

    public boolean priceChanged() {
      return previousPrice == null || previousPrice.compareTo(price) != 0;
    }
  }

  /** One command of an auction's history, for {@link #replay}. */
  public record Command(Kind kind, String bidderId, Money amount, Money maximum, long order) {
    public enum Kind {
      PLACE,
      RAISE_MAXIMUM,
      CANCEL_UNUSED
    }

    public static Command place(String bidder, Money amount, Money maximum, long order) {
      return new Command(Kind.PLACE, bidder, amount, maximum, order);
    }

    public static Command raise(String bidder, Money maximum, long order) {
      return new Command(Kind.RAISE_MAXIMUM, bidder, null, maximum, order);
    }

    public static Command cancel(String bidder, long order) {
      return new Command(Kind.CANCEL_UNUSED, bidder, null, null, order);
    }
  }

  private static final Comparator<Entry> STANDING =
      Comparator.comparing(Entry::maximum, Comparator.reverseOrder())
          .thenComparingLong(Entry::reachedAt);

  private final Money startingPrice;
  private final Money reserve;
  private final IncrementPolicy increments;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private Money price;
  private String leader;

  private BidBook(Money startingPrice, Money reserve, IncrementPolicy increments) {
    this.startingPrice = Objects.requireNonNull(startingPrice);
    this.reserve = reserve;
    this.increments = Objects.requireNonNull(increments);
  }

  /** A book without bids. */
  public static BidBook open(Money startingPrice, Money reserve, IncrementPolicy increments) {
    return new BidBook(startingPrice, reserve, increments);
  }

  /** A book restored from stored standings and the stored price (null when there are no bids). */
  public static BidBook restore(
      Money startingPrice,
      Money reserve,
      IncrementPolicy increments,
      Collection<Entry> standings,
      Money price,
      String leader) {
    BidBook book = new BidBook(startingPrice, reserve, increments);
    standings.forEach(e -> book.entries.put(e.bidderId(), e));
    book.price = price;
    book.leader = leader;
    return book;
  }

  /** Recomputes the state from a history, through the same rules as live bidding. */
  public static BidBook replay(
      Money startingPrice, Money reserve, IncrementPolicy increments, List<Command> history) {
    BidBook book = open(startingPrice, reserve, increments);
    for (Command c : history) {
      switch (c.kind()) {
        case PLACE -> book.place(c.bidderId(), c.amount(), c.maximum(), c.order());
        case RAISE_MAXIMUM -> book.raiseMaximum(c.bidderId(), c.maximum(), c.order());
        case CANCEL_UNUSED -> book.cancelUnused(c.bidderId(), c.order());
      }
    }
    return book;
  }

  /** The lowest amount a bid may have now. */
  public Money nextMinimumBid() {
    return nextMinimumBid(startingPrice, price, increments);
  }

  /** The lowest acceptable bid given the starting price, the current price (or null) and the increments. */
  public static Money nextMinimumBid(Money startingPrice, Money price, IncrementPolicy increments) {
    return price == null ? startingPrice : price.plus(increments.at(price));
  }

  /**
   * A bid of {@code amount} with an optional proxy {@code maximum} (null: the amount is the
   * maximum).
   *
   * @throws BidRejected BID_TOO_LOW or INVALID_AMOUNT, changing nothing
   */
  public Change place(String bidderId, Money amount, Money maximum, long order) {
    Money minimum = nextMinimumBid();
    if (amount.isBelow(minimum)) {
      throw new BidRejected(
          BidRejected.Reason.BID_TOO_LOW, "the next bid must be at least " + minimum, minimum);
    }
    Money ceiling = maximum == null ? amount : maximum;
    if (ceiling.isBelow(amount)) {
      throw new BidRejected(
          BidRejected.Reason.INVALID_AMOUNT, "maxAmount must not be below amount");
    }
    Entry before = entries.get(bidderId);
    Money newMaximum = before == null || ceiling.compareTo(before.maximum()) > 0 ? ceiling : before.maximum();
    long reachedAt = before == null || ceiling.compareTo(before.maximum()) > 0 ? order : before.reachedAt();
    Money latest = before == null || amount.compareTo(before.latestAmount()) > 0 ? amount : before.latestAmount();
    entries.put(bidderId, new Entry(bidderId, newMaximum, latest, reachedAt));
    return resolve();
  }

  /**
   * Sets or raises a bidder's maximum. The leader raises it without bidding against themselves:
   * the price moves only when the new maximum reaches a reserve the price is still below, and
   * then to the reserve (the contract's reserve rule holds whatever raised the leader's maximum).
   * Anyone else is bidding: their maximum must reach the next minimum bid and then counts like a
   * proxy bid of the next minimum.
   */
  public Change raiseMaximum(String bidderId, Money maximum, long order) {
    Entry before = entries.get(bidderId);
    if (before != null && maximum.compareTo(before.maximum()) <= 0) {
      throw new BidRejected(
          BidRejected.Reason.INVALID_AMOUNT,
          "the new maximum must exceed your current maximum of " + before.maximum());
    }
    if (bidderId.equals(leader)) {
      entries.put(bidderId, new Entry(bidderId, maximum, before.latestAmount(), order));
      Money previousPrice = price;
      price = liftedToReserve(price, maximum);
      return new Change(previousPrice, leader, price, leader);
    }
    Money minimum = nextMinimumBid();
    if (maximum.isBelow(minimum)) {
      throw new BidRejected(
          BidRejected.Reason.BID_TOO_LOW,
          "the maximum must be at least the next bid " + minimum,
          minimum);
    }
    return place(bidderId, minimum, maximum, order);
  }

  /**
   * Gives up the unused part of a bidder's maximum: it drops to what they have actually bid (for
   * the leader, the current price). The price does not change.
   */
  public Change cancelUnused(String bidderId, long order) {
    Entry before = entries.get(bidderId);
    if (before == null) {
      throw new BidRejected(BidRejected.Reason.INVALID_AMOUNT, "you have no maximum here");
    }
    Money used = bidderId.equals(leader) ? price : before.latestAmount();
    if (used.compareTo(before.maximum()) < 0) {
      entries.put(bidderId, new Entry(bidderId, used, before.latestAmount(), before.reachedAt()));
    }
    return resolve();
  }

  private Change resolve() {
    Money previousPrice = price;
    String previousLeader = leader;
    List<Entry> standing = new ArrayList<>(entries.values());
    standing.sort(STANDING);
    Entry first = standing.get(0);
    Money candidate = first.latestAmount();
    if (standing.size() > 1) {
      Money runnerUp = standing.get(1).maximum();
      Money raised = runnerUp.plus(increments.at(runnerUp));
      candidate = greater(candidate, lesser(raised, first.maximum()));
    }
    candidate = liftedToReserve(greater(candidate, startingPrice), first.maximum());
    price = previousPrice == null ? candidate : greater(previousPrice, candidate);
    leader = first.bidderId();
    return new Change(previousPrice, previousLeader, price, leader);
  }

  /** The contract's reserve rule: a leader's maximum that reaches the reserve lifts the price. */
  private Money liftedToReserve(Money price, Money leaderMaximum) {
    boolean lifts = reserve != null && leaderMaximum.isAtLeast(reserve) && price.isBelow(reserve);
    return lifts ? reserve : price;
  }

  private static Money greater(Money a, Money b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Money lesser(Money a, Money b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public Money price() {
    return price;
  }

  public String leader() {
    return leader;
  }

  public Entry entry(String bidderId) {
    return entries.get(bidderId);
  }

  public Collection<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** Whether the leader's maximum reaches the reserve (true when there is none). */
  public boolean reserveMet() {
    return reserve == null || (price != null && price.isAtLeast(reserve));
  }
}
