package io.gavel.bidding.control;

import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.platform.control.LockWaits;
import io.gavel.platform.entity.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-auction FIFO sequencer of this node: every auction has a lane, a queue of bidding
 * commands in arrival order. At most one batch of a lane is in flight at a time; it takes
 * everything queued and applies it in one XA transaction ({@link BidBatches}). While that
 * commits, new commands queue up for the next batch, so a busy auction commits many bids per
 * transaction and a quiet one commits each bid at once. A worker takes several ready lanes into
 * one transaction (up to {@value #MAX_LANES} auctions, {@value #MAX_BATCH} commands), so many
 * quiet auctions share the cost of a two-phase commit too; other workers run other lanes in
 * parallel.
 *
 * <p>A command's future completes only after its batch committed. When a batch fails, its lanes
 * forget the standings they kept and retry each auction alone, then each command alone, so one
 * command that cannot be written never takes others down with it; a command that fails alone is
 * refused with {@code 503 BID_NOT_PROCESSED} and nothing of it is kept.
 *
 * <p>A worker never waits for a row lock: its batch skips the auctions whose rows another
 * transaction holds, and hands each such lane to a waiting thread ({@value #WAITERS} per node),
 * which runs the lane's batch alone once the lock is free, waiting at most {@link
 * BidBatches#LOCK_WAIT_SECONDS}. Usually the holder is another node's batch on the same auction and
 * the wait is short. But a node that died between a batch's prepare and its commit leaves its
 * rows locked until its transaction manager recovers (see the launcher's {@code PayaraNode}); the
 * commands of such an auction are then refused with {@code 503 BID_NOT_PROCESSED} and a {@code
 * Retry-After} after that wait, all at once, and bidding on every other auction goes on.
 */
@ApplicationScoped
public class BidSequencer {

  static final int MAX_BATCH = 256;

  /** At most this many auctions share one batch transaction. */
  static final int MAX_LANES = 32;

  private static final Logger LOG = Logger.getLogger(BidSequencer.class.getName());

  /**
   * Concurrent batch transactions per node (each holds one database connection): one per two
   * processors, at least one. A batch transaction costs the node far more than a bid in it, so
   * fewer concurrent transactions, each carrying everything that queued during the last one, do
   * more bids per second; more of them keep a node busy while one waits for a row lock another
   * node holds (for one of that node's commits). On the 2-core benchmark machine, bidding over
   * 10,000 auctions over WebSocket at 32 clients, one worker judged a median of 880 bids/s (8
   * runs, 740–1,390), 4 workers 470–510 (2 runs); an earlier run gave 591 with 4 and 533 with 16.
   */
  private static final int WORKERS =
      Integer.getInteger(
          "gavel.bidding.workers", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));

  /** Threads that run the batches of lanes whose auction's row was held by another transaction. */
  static final int WAITERS = 4;

  /** Lanes idle this long are dropped (with their kept standings) on the next sweep. */
  private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(5);

  /** One auction's queue and the standings its last committed batch left. */
  private static final class Lane {
    final long auctionId;
    final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();
    volatile Standings standings;
    volatile long lastUsed = System.nanoTime();

    Lane(long auctionId) {
      this.auctionId = auctionId;
    }

    boolean idle(long now) {
      return !draining.get() && queue.isEmpty() && now - lastUsed > IDLE_NANOS;
    }
  }

  /** A queued command, its caller's future, and when it was queued ({@link System#nanoTime()}). */
  private record Pending(BidCommand command, CompletableFuture<BidOutcome> outcome, long queuedAt) {}

  @Inject BidBatches batches;

  @Inject BidMetrics metrics;

  @Resource ManagedThreadFactory threads;

  private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
  /** Lanes with queued commands that no worker has taken yet, in the order they became ready. */
  private final Queue<Lane> ready = new ConcurrentLinkedQueue<>();
  private final AtomicLong submitted = new AtomicLong();
  private ExecutorService workers;
  private ExecutorService waiters;

  @PostConstruct
  void start() {
    workers =
        new ThreadPoolExecutor(
            WORKERS, WORKERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    waiters =
        new ThreadPoolExecutor(
            WAITERS, WAITERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
  }

  @PreDestroy
  void stop() {
    workers.shutdown();
    waiters.shutdown();
  }

  /**
   * Queues {@code command} behind every command already queued for auction {@code auctionId}.
   *
   * @return completes with the outcome after the command's batch committed, or exceptionally
   *     with the {@link Refusal} the command earned
   */
  public CompletableFuture<BidOutcome> submit(long auctionId, BidCommand command) {
    Pending pending = new Pending(command, new CompletableFuture<>(), System.nanoTime());
    Lane lane =
        lanes.compute(
            auctionId,
            (id, existing) -> {
              Lane l = existing != null ? existing : new Lane(id);
              l.queue.add(pending);
              l.lastUsed = System.nanoTime();
              return l;
            });
    if (lane.draining.compareAndSet(false, true)) {
      schedule(lane);
    }
    if ((submitted.incrementAndGet() & 0xFFF) == 0) {
      dropIdleLanes();
    }
    return pending.outcome();
  }

  /** Hands a lane that has queued commands to the workers. */
  private void schedule(Lane lane) {
    ready.add(lane);
    workers.execute(this::work);
  }

  /**
   * Takes ready lanes (up to {@value #MAX_LANES} auctions and {@value #MAX_BATCH} commands in all),
   * runs their queued commands as one batch, then gives each lane back: to the ready queue if
   * more commands arrived meanwhile, else to rest. A lane handed to a waiter is given back by it.
   */
  private void work() {
    List<Lane> group = new ArrayList<>();
    List<List<Pending>> queued = new ArrayList<>();
    int commands = 0;
    for (Lane lane; group.size() < MAX_LANES && commands < MAX_BATCH && (lane = ready.poll()) != null; ) {
      List<Pending> batch = new ArrayList<>();
      for (Pending p; commands < MAX_BATCH && (p = lane.queue.poll()) != null; commands++) {
        batch.add(p);
      }
      group.add(lane);
      queued.add(batch);
    }
    Set<Lane> handedOver = Set.of();
    try {
      if (commands > 0) {
        handedOver = run(group, queued, false);
      }
    } finally {
      for (Lane lane : group) {
        if (!handedOver.contains(lane)) {
          release(lane);
        }
      }
    }
  }

  /** Runs one lane's batch waiting for its auction's row lock, then gives the lane back. */
  private void waitFor(Lane lane, List<Pending> batch) {
    try {
      run(List.of(lane), List.of(batch), true);
    } finally {
      release(lane);
    }
  }

  private void release(Lane lane) {
    if (!lane.queue.isEmpty()) {
      schedule(lane);
      return;
    }
    lane.draining.set(false);
    if (!lane.queue.isEmpty() && lane.draining.compareAndSet(false, true)) {
      schedule(lane);
    }
  }

  /**
   * Runs the lanes' commands as one batch, retrying after a failure as the class describes.
   *
   * @param waitForLocks whether the batch waits for rows other transactions hold; if not, lanes
   *     whose auction's row is held are handed to a waiter with their commands
   * @return the lanes handed to a waiter, which the caller must not give back
   */
  private Set<Lane> run(List<Lane> group, List<List<Pending>> queued, boolean waitForLocks) {
    List<BidBatches.Lot> lots = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      Lane lane = group.get(i);
      lots.add(
          new BidBatches.Lot(
              lane.auctionId, queued.get(i).stream().map(Pending::command).toList(), lane.standings));
    }
    List<BidBatches.Applied> applied;
    long began = System.nanoTime();
    try {
      applied = batches.apply(lots, waitForLocks);
    } catch (RuntimeException e) {
      metrics.batchFailed();
      group.forEach(lane -> lane.standings = null);
      if (waitForLocks && LockWaits.timedOut(e)) {
        LOG.log(
            Level.WARNING,
            () -> "auctions " + group.stream().map(l -> l.auctionId).toList() + " stayed locked for "
                + BidBatches.LOCK_WAIT_SECONDS + " s by another transaction; their commands are refused");
        Refusal locked =
            LockWaits.busy(
                "BID_NOT_PROCESSED",
                "the auction is held by a transaction that has not finished; nothing was recorded;"
                    + " please try again shortly",
                BidBatches.LOCK_WAIT_SECONDS);
        queued.forEach(batch -> batch.forEach(p -> answer(p, locked)));
        return Set.of();
      }
      Set<Lane> handedOver = new HashSet<>();
      if (group.size() > 1) {
        LOG.log(Level.FINE, e, () -> "batch over " + group.size() + " auctions failed; retrying each alone");
        for (int i = 0; i < group.size(); i++) {
          handedOver.addAll(run(List.of(group.get(i)), List.of(queued.get(i)), waitForLocks));
        }
      } else if (queued.get(0).size() > 1) {
        LOG.log(Level.FINE, e, () -> "batch on auction " + group.get(0).auctionId + " failed; retrying one by one");
        // waiting, so that no command of the lane is handed over while the next one runs here
        for (Pending p : queued.get(0)) {
          run(group, List.of(List.of(p)), true);
        }
      } else {
        LOG.log(Level.WARNING, e, () -> "bid on auction " + group.get(0).auctionId + " not recorded");
        answer(
            queued.get(0).get(0),
            new Refusal(
                503,
                "BID_NOT_PROCESSED",
                "the bid could not be recorded and nothing was changed; please try again"));
      }
      return handedOver;
    }
    metrics.batchCommitted(queued.stream().mapToInt(List::size).sum(), System.nanoTime() - began);
    Set<Lane> handedOver = new HashSet<>();
    for (int i = 0; i < group.size(); i++) {
      BidBatches.Applied result = applied.get(i);
      Lane lane = group.get(i);
      List<Pending> batch = queued.get(i);
      if (result.skipped()) {
        handedOver.add(lane);
        waiters.execute(() -> waitFor(lane, batch));
        continue;
      }
      lane.standings = result.standings();
      for (int c = 0; c < batch.size(); c++) {
        answer(batch.get(c), result.outcomes().get(c));
      }
    }
    return handedOver;
  }


  /**
   * Completes a command's future with its outcome, then counts it. What a caller chained to the
   * future runs here, or fails to hand to its own executor (one that is shutting down), must not
   * keep the other commands of the batch from their answers.
   */
  private void answer(Pending pending, Object outcome) {
    long now = System.nanoTime();
    try {
      if (outcome instanceof Refusal refusal) {
        pending.outcome().completeExceptionally(refusal);
      } else {
        pending.outcome().complete((BidOutcome) outcome);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a bid's answer failed after its batch committed", e);
    }
    metrics.answered(outcome, pending.queuedAt(), now);
  }

  private void dropIdleLanes() {
    long now = System.nanoTime();
    for (Long id : lanes.keySet()) {
      lanes.computeIfPresent(id, (k, lane) -> lane.idle(now) ? null : lane);
    }
  }
}
