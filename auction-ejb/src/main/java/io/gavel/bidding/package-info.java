/**
 * Bidding: validating and recording bids and the anonymised history.
 *
 * <p>The rules themselves (proxy resolution, increments, reserve, soft close) are plain Java in
 * {@link io.gavel.auction.entity.BidBook} and {@link io.gavel.auction.entity.Auction}. Every
 * command (bid, raised maximum, cancelled maximum) is logged in {@code bids} with its order
 * number, so the stored history replays through the same rules ({@code Bids.replay}); proxy bids
 * made for the leader are logged as {@code PROXY} rows next to the bid that caused them.
 *
 * <p>Decisions (foundation): one bid is one container-managed XA transaction that takes the
 * auction's row lock ({@code SELECT … FOR UPDATE}), applies the rules in the aggregate, and
 * writes bid, state and event, plus the JMS send. The lock makes bids on one auction strictly
 * ordered (each accepted bid gets the next {@code seq}); bids on different auctions do not wait
 * for each other. Rejections write only an audit entry. This per-bid lock is the measured
 * baseline; the bidding-engine issue replaces it with a batching per-auction sequencer if the
 * benchmark shows it is needed.
 */
package io.gavel.bidding;
