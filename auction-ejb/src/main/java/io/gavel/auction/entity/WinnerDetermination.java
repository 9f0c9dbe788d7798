package io.gavel.auction.entity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who wins an auction that has ended, at what price, and how every other counting bidder ranks, for
 * each auction type of the contract. Pure functions of the bids: no clock, no storage.
 *
 * <p>Bids are ranked best first by amount, highest first, and on equal amounts by {@code order},
 * earliest first: {@code order} is the bid's position in the auction's strictly ordered history.
 * Two bids never share an order; should they, the lower bid id ranks first so that the result is
 * still the same every time.
 */
public final class WinnerDetermination {

  /**
   * One counting bid: who bid how much, through which bid, and at which position of the history.
   */
  public record Tender(long bidId, String bidderId, Money amount, long order) {

    /** A tender needs a bidder and an amount. */
    public Tender {
      Objects.requireNonNull(bidderId, "bidderId");
      Objects.requireNonNull(amount, "amount");
    }
  }

  /** One bidder's place in the result: rank 1 is the best, then 2, 3 and so on without gaps. */
  public record Ranked(int rank, String bidderId, Money amount, long bidId) {

    /** A rank starts at 1 and needs a bidder and an amount. */
    public Ranked {
      if (rank < 1) {
        throw new IllegalArgumentException("ranks start at 1, got " + rank);
      }
      Objects.requireNonNull(bidderId, "bidderId");
      Objects.requireNonNull(amount, "amount");
    }
  }

  /**
   * The result of an auction. {@code winnerId} and {@code price} are set only when the outcome is
   * {@link Outcome#SOLD}. {@code ranking} holds every counting bidder best first, the winner at
   * rank 1 when sold; it is also filled when the reserve was not met, so that staff can see the
   * bids, and empty when there were none.
   */
  public record Result(Outcome outcome, String winnerId, Money price, List<Ranked> ranking) {

    /**
     * Keeps an immutable copy of the ranking and refuses inconsistent results: a sale without a
     * winner, a price or the winner at rank 1; a winner or price without a sale; bids without a
     * ranking or a ranking without bids; ranks not numbered 1, 2, 3 …; a bidder ranked twice.
     */
    public Result {
      Objects.requireNonNull(outcome, "outcome");
      ranking = List.copyOf(Objects.requireNonNull(ranking, "ranking"));
      Set<String> bidders = new HashSet<>();
      for (int i = 0; i < ranking.size(); i++) {
        if (ranking.get(i).rank() != i + 1) {
          throw new IllegalArgumentException("ranks must be numbered 1, 2, 3 … in order");
        }
        if (!bidders.add(ranking.get(i).bidderId())) {
          throw new IllegalArgumentException("bidder ranked twice: " + ranking.get(i).bidderId());
        }
      }
      switch (outcome) {
        case SOLD -> {
          if (winnerId == null || price == null || ranking.isEmpty()) {
            throw new IllegalArgumentException("a sale needs a winner, a price and a ranking");
          }
          if (!ranking.get(0).bidderId().equals(winnerId)) {
            throw new IllegalArgumentException("the winner must be ranked first");
          }
        }
        case RESERVE_NOT_MET, NO_BIDS -> {
          if (winnerId != null || price != null) {
            throw new IllegalArgumentException("only a sale has a winner and a price");
          }
          if (ranking.isEmpty() != (outcome == Outcome.NO_BIDS)) {
            throw new IllegalArgumentException(
                "the ranking is empty exactly when there were no bids");
          }
        }
      }
    }

    /**
     * Everyone in the ranking except the winner, best first and with their original ranks, for a
     * payment cascade. Without a sale there is no winner to leave out, so this is the whole
     * ranking.
     */
    public List<Ranked> runnersUp() {
      return ranking.stream().filter(r -> !r.bidderId().equals(winnerId)).toList();
    }
  }

  private static final Comparator<Tender> BEST_FIRST =
      Comparator.comparing(Tender::amount, Comparator.reverseOrder())
          .thenComparingLong(Tender::order)
          .thenComparingLong(Tender::bidId);

  private static final Comparator<Tender> HISTORY_ORDER =
      Comparator.comparingLong(Tender::order).thenComparingLong(Tender::bidId);

  private WinnerDetermination() {}

  /**
   * The bids that count in a sealed auction: each bidder's latest tender (highest {@code order}),
   * because a later bid replaces the earlier one, whatever its amount. The result is in history
   * order.
   */
  public static List<Tender> counting(List<Tender> history) {
    Objects.requireNonNull(history, "history");
    Map<String, Tender> latest = new LinkedHashMap<>();
    for (Tender tender : history) {
      latest.merge(
          tender.bidderId(),
          tender,
          (kept, next) -> HISTORY_ORDER.compare(next, kept) > 0 ? next : kept);
    }
    return latest.values().stream().sorted(HISTORY_ORDER).toList();
  }

  /**
   * First-price sealed bidding: of each bidder's latest bid, the highest wins and pays its own
   * amount; on equal amounts the earliest bid wins. A highest bid below the reserve means {@link
   * Outcome#RESERVE_NOT_MET}, no bids {@link Outcome#NO_BIDS}.
   *
   * @param reserve the reserve price, or null for none
   * @throws IllegalArgumentException when the reserve or a counting bid is below the starting
   *     price, or on mixed currencies
   */
  public static Result sealedFirstPrice(Money startingPrice, Money reserve, List<Tender> history) {
    return sealed(startingPrice, reserve, history, false);
  }

  /**
   * Second-price (Vickrey) sealed bidding: of each bidder's latest bid, the highest wins, the
   * earliest on equal amounts, and pays the larger of the second-highest bid and the reserve, or
   * the starting price when there is no reserve. A single bidder therefore pays the reserve, or the
   * starting price. A highest bid below the reserve means {@link Outcome#RESERVE_NOT_MET}, no bids
   * {@link Outcome#NO_BIDS}.
   *
   * @param reserve the reserve price, or null for none
   * @throws IllegalArgumentException when the reserve or a counting bid is below the starting
   *     price, or on mixed currencies
   */
  public static Result sealedSecondPrice(Money startingPrice, Money reserve, List<Tender> history) {
    return sealed(startingPrice, reserve, history, true);
  }

  /**
   * English bidding: the leader wins at the current price when that price meets the reserve
   * (reaches it or there is none); otherwise {@link Outcome#RESERVE_NOT_MET}; without a leader
   * {@link Outcome#NO_BIDS}.
   *
   * <p>{@code maximums} holds each bidder's standing, the leader's included: their maximum as the
   * amount, the bid through which and the order at which they reached it. It only decides the
   * ranking: the leader first, then everyone else by maximum, highest first, and on equal maximums
   * whoever reached it first. The ranked amounts are these maximums, not the price.
   *
   * @param reserve the reserve price, or null for none
   * @param leaderId the leader, or null when nobody bid
   * @param currentPrice the current price, null exactly when there is no leader
   * @throws IllegalArgumentException when the leader, the price and the standings disagree: a
   *     leader without price or standing, a price or standings without leader, a bidder listed
   *     twice
   */
  public static Result english(
      Money reserve, String leaderId, Money currentPrice, List<Tender> maximums) {
    Objects.requireNonNull(maximums, "maximums");
    if (leaderId == null) {
      if (currentPrice != null || !maximums.isEmpty()) {
        throw new IllegalArgumentException(
            "without a leader there can be neither a current price nor standings");
      }
      return new Result(Outcome.NO_BIDS, null, null, List.of());
    }
    if (currentPrice == null) {
      throw new IllegalArgumentException("a leader needs a current price");
    }
    Tender leader = null;
    List<Tender> others = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Tender standing : maximums) {
      if (!seen.add(standing.bidderId())) {
        throw new IllegalArgumentException("bidder listed twice: " + standing.bidderId());
      }
      if (standing.bidderId().equals(leaderId)) {
        leader = standing;
      } else {
        others.add(standing);
      }
    }
    if (leader == null) {
      throw new IllegalArgumentException("the leader " + leaderId + " has no standing");
    }
    others.sort(BEST_FIRST);
    List<Tender> ordered = new ArrayList<>();
    ordered.add(leader);
    ordered.addAll(others);
    List<Ranked> ranking = rank(ordered);
    if (reserve != null && currentPrice.isBelow(reserve)) {
      return new Result(Outcome.RESERVE_NOT_MET, null, null, ranking);
    }
    return new Result(Outcome.SOLD, leaderId, currentPrice, ranking);
  }

  /**
   * Dutch bidding: the first accept at the clock's price wins at that price; with no accept there
   * were no bids.
   *
   * @param accept the first accept, its amount the price it accepted, or null for none
   */
  public static Result dutch(Tender accept) {
    if (accept == null) {
      return new Result(Outcome.NO_BIDS, null, null, List.of());
    }
    return new Result(Outcome.SOLD, accept.bidderId(), accept.amount(), rank(List.of(accept)));
  }

  private static Result sealed(
      Money startingPrice, Money reserve, List<Tender> history, boolean secondPrice) {
    Objects.requireNonNull(startingPrice, "startingPrice");
    if (reserve != null && reserve.isBelow(startingPrice)) {
      throw new IllegalArgumentException("reservePrice must not be below startingPrice");
    }
    List<Tender> best = new ArrayList<>(counting(history));
    for (Tender tender : best) {
      if (tender.amount().isBelow(startingPrice)) {
        throw new IllegalArgumentException(
            "bid "
                + tender.bidId()
                + " of "
                + tender.amount()
                + " is below the starting price "
                + startingPrice);
      }
    }
    if (best.isEmpty()) {
      return new Result(Outcome.NO_BIDS, null, null, List.of());
    }
    best.sort(BEST_FIRST);
    List<Ranked> ranking = rank(best);
    Tender highest = best.get(0);
    if (reserve != null && highest.amount().isBelow(reserve)) {
      return new Result(Outcome.RESERVE_NOT_MET, null, null, ranking);
    }
    Money price = highest.amount();
    if (secondPrice) {
      Money least = reserve != null ? reserve : startingPrice;
      price = best.size() > 1 ? greater(best.get(1).amount(), least) : least;
    }
    return new Result(Outcome.SOLD, highest.bidderId(), price, ranking);
  }

  private static List<Ranked> rank(List<Tender> bestFirst) {
    List<Ranked> ranking = new ArrayList<>(bestFirst.size());
    for (Tender tender : bestFirst) {
      ranking.add(
          new Ranked(ranking.size() + 1, tender.bidderId(), tender.amount(), tender.bidId()));
    }
    return ranking;
  }

  private static Money greater(Money a, Money b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
