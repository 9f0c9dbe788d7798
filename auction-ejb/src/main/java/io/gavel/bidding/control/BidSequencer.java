package io.gavel.bidding.control;

import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.platform.entity.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
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
 * everything queued (up to {@value #MAX_BATCH} commands) and applies it in one XA transaction
 * ({@link BidBatches}). While that commits, new commands queue up for the next batch, so a busy
 * auction commits many bids per transaction and a quiet one commits each bid at once. Lanes of
 * different auctions run in parallel on the worker pool.
 *
 * <p>A command's future completes only after its batch committed. When a batch fails, its lane
 * forgets the standings it kept and retries each command of the batch alone, so one command
 * that cannot be written never takes others down with it; a command that fails alone is refused
 * with {@code 503 BID_NOT_PROCESSED} and nothing of it is kept.
 */
@ApplicationScoped
public class BidSequencer {

  static final int MAX_BATCH = 256;

  private static final Logger LOG = Logger.getLogger(BidSequencer.class.getName());

  /** Concurrent batch transactions per node (each holds one database connection). */
  private static final int WORKERS = Integer.getInteger("gavel.bidding.workers", 16);

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

  private record Pending(BidCommand command, CompletableFuture<BidOutcome> outcome) {}

  @Inject BidBatches batches;

  @Resource ManagedThreadFactory threads;

  private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicLong submitted = new AtomicLong();
  private ExecutorService workers;

  @PostConstruct
  void start() {
    workers =
        new ThreadPoolExecutor(
            WORKERS, WORKERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
  }

  @PreDestroy
  void stop() {
    workers.shutdown();
  }

  /**
   * Queues {@code command} behind every command already queued for auction {@code auctionId}.
   *
   * @return completes with the outcome after the command's batch committed, or exceptionally
   *     with the {@link Refusal} the command earned
   */
  public CompletableFuture<BidOutcome> submit(long auctionId, BidCommand command) {
    Pending pending = new Pending(command, new CompletableFuture<>());
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
      workers.execute(() -> drain(lane));
    }
    if ((submitted.incrementAndGet() & 0xFFF) == 0) {
      dropIdleLanes();
    }
    return pending.outcome();
  }

  /** Runs one batch of the lane, then yields the worker to other lanes before the next. */
  private void drain(Lane lane) {
    List<Pending> batch = new ArrayList<>();
    for (Pending p; batch.size() < MAX_BATCH && (p = lane.queue.poll()) != null; ) {
      batch.add(p);
    }
    try {
      if (!batch.isEmpty()) {
        run(lane, batch);
      }
    } finally {
      if (!lane.queue.isEmpty()) {
        workers.execute(() -> drain(lane));
      } else {
        lane.draining.set(false);
        if (!lane.queue.isEmpty() && lane.draining.compareAndSet(false, true)) {
          workers.execute(() -> drain(lane));
        }
      }
    }
  }

  private void run(Lane lane, List<Pending> batch) {
    BidBatches.Applied applied;
    try {
      applied = batches.apply(lane.auctionId, batch.stream().map(Pending::command).toList(), lane.standings);
    } catch (RuntimeException e) {
      lane.standings = null;
      if (batch.size() > 1) {
        LOG.log(Level.FINE, e, () -> "batch on auction " + lane.auctionId + " failed; retrying one by one");
        for (Pending p : batch) {
          run(lane, List.of(p));
        }
      } else {
        LOG.log(Level.WARNING, e, () -> "bid on auction " + lane.auctionId + " not recorded");
        batch.get(0)
            .outcome()
            .completeExceptionally(
                new Refusal(
                    503,
                    "BID_NOT_PROCESSED",
                    "the bid could not be recorded and nothing was changed; please try again"));
      }
      return;
    }
    lane.standings = applied.standings();
    for (int i = 0; i < batch.size(); i++) {
      Object outcome = applied.outcomes().get(i);
      CompletableFuture<BidOutcome> future = batch.get(i).outcome();
      if (outcome instanceof Refusal refusal) {
        future.completeExceptionally(refusal);
      } else {
        future.complete((BidOutcome) outcome);
      }
    }
  }

  private void dropIdleLanes() {
    long now = System.nanoTime();
    for (Long id : lanes.keySet()) {
      lanes.computeIfPresent(id, (k, lane) -> lane.idle(now) ? null : lane);
    }
  }
}
