package io.gavel.auction.control;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionEvent;
import io.gavel.auction.entity.DutchClock;
import io.gavel.auction.entity.Participant;
import io.gavel.auction.entity.WinnerDetermination;
import io.gavel.platform.entity.IsoTime;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The public events of an auction's lifecycle, recorded in the caller's transaction and
 * collected in {@code published} for one publish per transaction: status changes, Dutch price
 * steps, the sealed-bid commitments at the deadline, and the result.
 */
@Dependent
public class LifecycleEvents {

  private static final jakarta.json.spi.JsonProvider JSON = AuctionEventLog.JSON;

  @Inject AuctionEventLog events;

  /** {@code auction.status} with the auction's status now. */
  public void status(Auction auction, Instant now, List<AuctionEvent> published) {
    published.add(
        events.record(
            auction,
            "auction.status",
            JSON.createObjectBuilder().add("status", auction.status().name()).build(),
            now));
  }

  /** {@code dutch.price}: the clock's price now and when it drops next (absent at the floor). */
  public void dutchPrice(Auction auction, Instant now, List<AuctionEvent> published) {
    DutchClock clock = auction.dutchClock();
    JsonObjectBuilder fields =
        JSON.createObjectBuilder()
            .add("currentPrice", clock.priceAt(auction.startsAt(), now).toString());
    Instant next = clock.nextDropAt(auction.startsAt(), now);
    if (next != null && next.isBefore(auction.endsAt())) {
      fields.add("nextDropAt", IsoTime.format(next));
    } else {
      fields.addNull("nextDropAt");
    }
    published.add(events.record(auction, "dutch.price", fields.build(), now));
  }

  /**
   * {@code sealed.commitments}: at the deadline, one SHA-256 commitment per counting bid, sorted
   * so their order reveals nothing.
   */
  public void commitments(Auction auction, List<String> commitments, Instant now, List<AuctionEvent> published) {
    JsonArrayBuilder list = JSON.createArrayBuilder();
    commitments.stream().sorted().forEach(list::add);
    published.add(
        events.record(
            auction,
            "sealed.commitments",
            JSON.createObjectBuilder().add("count", commitments.size()).add("commitments", list).build(),
            now));
  }

  /**
   * Closes the auction with {@code result} (storing the ranking for the payment cascade) and
   * records {@code auction.status CLOSED} then {@code auction.closed} with the result; for sealed
   * auctions the result carries the full ranked list (bid id, anonymised bidder, amount and the
   * bid's commitment) so every bidder can check their bid was counted unchanged.
   *
   * @param aliases every bidder's alias number, by bidder id
   * @param commitments by bid id, for sealed auctions; empty otherwise
   * @return the private {@code won} notice for the winner, or null when nothing was sold
   */
  public AuctionEventLog.Notice closed(
      Auction auction,
      WinnerDetermination.Result result,
      Map<String, Integer> aliases,
      Map<Long, String> commitments,
      Instant now,
      List<AuctionEvent> published) {
    auction.close(result, aliases.get(result.winnerId()), rankingJson(result), now);
    status(auction, now, published);
    JsonObjectBuilder fields = JSON.createObjectBuilder().add("outcome", result.outcome().name());
    if (result.winnerId() != null) {
      fields
          .add("winningBidder", Participant.alias(aliases.get(result.winnerId())))
          .add("price", result.price().toString());
    }
    if (auction.sealed()) {
      JsonArrayBuilder ranking = JSON.createArrayBuilder();
      for (WinnerDetermination.Ranked r : result.ranking()) {
        ranking.add(
            JSON.createObjectBuilder()
                .add("rank", r.rank())
                .add("bidId", String.valueOf(r.bidId()))
                .add("bidder", Participant.alias(aliases.get(r.bidderId())))
                .add("amount", r.amount().toString())
                .add("commitment", commitments.getOrDefault(r.bidId(), "")));
      }
      fields.add("ranking", ranking);
    }
    published.add(
        events.record(
            auction,
            "auction.closed",
            JSON.createObjectBuilder()
                .add("result", fields)
                .add("closedAt", IsoTime.format(now))
                .build(),
            now));
    if (result.winnerId() == null) {
      return null;
    }
    return new AuctionEventLog.Notice(
        result.winnerId(),
        auction.id(),
        "won",
        JSON.createObjectBuilder().add("price", result.price().toString()).build());
  }

  /**
   * The ranking as stored on the auction for the payment cascade: every counting bidder best
   * first, with their id (internal; never published).
   */
  static String rankingJson(WinnerDetermination.Result result) {
    JsonArrayBuilder ranking = JSON.createArrayBuilder();
    for (WinnerDetermination.Ranked r : result.ranking()) {
      ranking.add(
          JSON.createObjectBuilder()
              .add("rank", r.rank())
              .add("bidderId", r.bidderId())
              .add("bidId", r.bidId())
              .add("amount", r.amount().toString()));
    }
    return ranking.build().toString();
  }
}
