package io.gavel.bidding.boundary;

import io.gavel.bidding.control.BidCommand;
import io.gavel.bidding.control.BidRateLimit;
import io.gavel.bidding.control.BidSequencer;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/**
 * Bidding without a waiting thread: a command is admitted under the bidder's rate limit and
 * queued on this node's {@link BidSequencer}, and its outcome arrives as a future that completes
 * once the command's batch committed (on the bid worker that ran it: whoever reacts should hand
 * its work to another thread). Live connections answer their {@code bid} messages from it; {@link
 * Bids} waits on it for a REST request.
 *
 * <p>Not an enterprise bean: it joins no transaction, and it is called for every bid, where a
 * container's per-call work (the bean lookup, interceptors, the security and transaction checks)
 * cost a quarter of a WebSocket bid's CPU on the request thread.
 */
@ApplicationScoped
public class BidQueue {

  /** How long a bid waits for its batch before the bidder is told it is pending (it may commit). */
  public static final long WAIT_SECONDS = 30;

  @Inject BidSequencer sequencer;
  @Inject BidRateLimit rateLimit;

  /**
   * Queues a bid of {@code amount} (a decimal string), optionally with a proxy {@code maxAmount},
   * on auction {@code auctionId} for {@code bidder}.
   *
   * @return the outcome after the bid's batch committed: a {@link BidOutcome}, or exceptionally
   *     the {@link Refusal} it earned (NOT_FOUND for an auction that does not exist)
   * @throws Refusal 429 RATE_LIMITED, before anything is queued
   */
  public CompletableFuture<BidOutcome> place(
      Caller bidder, long auctionId, String amount, String maxAmount) {
    return submit(auctionId, BidCommand.place(bidder, amount, maxAmount, null));
  }

  /** Admits {@code command} under its bidder's rate limit and queues it behind earlier ones. */
  CompletableFuture<BidOutcome> submit(long auctionId, BidCommand command) {
    rateLimit.admit(command.bidder().id());
    return sequencer.submit(auctionId, command);
  }
}
