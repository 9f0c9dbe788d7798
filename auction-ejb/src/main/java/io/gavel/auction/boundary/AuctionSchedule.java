package io.gavel.auction.boundary;

import io.gavel.auction.entity.AuctionScheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires auction starts, Dutch price steps and closures on time, on every node.
 *
 * <p>The database is the truth; timers are only for precision, and nothing depends on one
 * surviving:
 *
 * <ul>
 *   <li>A non-persistent EJB timer per due instant: armed for the instant itself by the node that
 *       lists an auction (or moves its end), and as a backup {@value #BACKUP_MILLIS} ms later by
 *       every other node once the instant is less than {@value #LOOKAHEAD_SECONDS} s away, found
 *       by a sweep each second. In normal operation one node does the work without racing the
 *       others; a node's death ({@code kill -9}) costs a quarter of a second, when the others'
 *       backups fire. Payara keeps EJB timers in the Hazelcast grid, which a full restart loses; the sweep
 *       re-arms from the database.
 *   <li>The same sweep queues anything already overdue (missed timer, full-cluster restart), so
 *       after a stop spanning end times every due auction closes on start-up.
 *   <li>A timer only queues its auction. One worker thread per node takes the queue in batches of
 *       up to {@value #BATCH} auctions per transaction ({@link Lifecycle#advance}), which keeps
 *       thousands of simultaneous ends cheap: one XA commit per batch, not per auction.
 *   <li>Nodes race: {@link Lifecycle} locks with {@code SKIP LOCKED} and re-checks the state, so
 *       exactly one node applies each transition. A node that finds an auction locked retries
 *       after {@value #RETRY_MILLIS} ms, doubling the pause up to {@value #MAX_RETRY_MILLIS} ms
 *       (the holder may be a bid batch or another node), until it finds nothing left to do.
 * </ul>
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuctionSchedule {

  private static final Logger LOG = Logger.getLogger(AuctionSchedule.class.getName());

  static final int LOOKAHEAD_SECONDS = 5;
  static final int BACKUP_MILLIS = 250;
  static final int BATCH = 100;
  static final int RETRY_MILLIS = 25;
  static final int MAX_RETRY_MILLIS = 800;

  @Resource TimerService timers;
  @Resource SessionContext context;
  @Resource ManagedThreadFactory threads;

  @Inject Lifecycle lifecycle;

  /** The instant each auction's timer on this node is armed for. */
  private final Map<Long, Instant> armed = new ConcurrentHashMap<>();

  private final LinkedBlockingQueue<Long> queue = new LinkedBlockingQueue<>();
  private final Set<Long> queued = ConcurrentHashMap.newKeySet();
  /** The auctions of the batch the worker is advancing right now. */
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final DelayQueue<Retry> retries = new DelayQueue<>();
  /** Auctions waiting in {@link #retries}, with how often they were found locked. */
  private final Map<Long, Integer> retrying = new ConcurrentHashMap<>();
  private Thread worker;
  private volatile boolean running = true;

  /** An auction to try again once another transaction let go of it; the {@code attempt}-th time. */
  private record Retry(long auctionId, int attempt, long atNanos) implements Delayed {

    static Retry after(long auctionId, int attempt) {
      long millis = Math.min((long) RETRY_MILLIS << Math.min(attempt, 10), MAX_RETRY_MILLIS);
      return new Retry(auctionId, attempt, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(atNanos, ((Retry) other).atNanos);
    }
  }

  @PostConstruct
  void start() {
    worker = threads.newThread(this::work);
    worker.setName("gavel-lifecycle");
    worker.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    worker.interrupt();
  }

  /**
   * Arms the timer inside the transaction that listed the auction or moved its end: EJB timer
   * creation is transactional, so a rolled-back change leaves no timer behind.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public void onScheduled(@Observes AuctionScheduled event) {
    Instant now = Instant.now();
    arm(event.auctionId(), event.startsAt().isAfter(now) ? event.startsAt() : event.endsAt());
  }

  /** Arms this node's timer for {@code auctionId} at {@code at}, unless one is armed for it. */
  public void arm(long auctionId, Instant at) {
    if (!at.isAfter(Instant.now())) {
      enqueue(auctionId);
      return;
    }
    if (at.equals(armed.put(auctionId, at))) {
      return;
    }
    timers.createSingleActionTimer(Date.from(at), new TimerConfig(new Armed(auctionId, at), false));
  }

  /** A timer's payload: the auction and the instant it was armed for. */
  record Armed(long auctionId, Instant at) implements java.io.Serializable {}

  @Timeout
  void due(Timer timer) {
    Armed fired = (Armed) timer.getInfo();
    armed.remove(fired.auctionId(), fired.at());
    enqueue(fired.auctionId());
  }

  /**
   * Every second: queue what is overdue (past its backup instant) and arm backup timers for what
   * is due within the lookahead, unless this node holds a timer for it that fires no later or is
   * already working on it.
   */
  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void sweep() {
    Instant now = Instant.now();
    try {
      for (Lifecycle.Due due : lifecycle.dueBy(now.plusSeconds(LOOKAHEAD_SECONDS), 5_000)) {
        long id = due.auctionId();
        if (queued.contains(id) || inFlight.contains(id) || retrying.containsKey(id)) {
          continue;
        }
        Instant backup = due.at().plusMillis(BACKUP_MILLIS);
        Instant held = armed.get(id);
        if (!backup.isAfter(now)) {
          enqueue(id);
        } else if (held == null || held.isAfter(backup)) {
          arm(id, backup);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sweep failed; the next one retries", e);
    }
  }

  private void enqueue(long auctionId) {
    if (queued.add(auctionId)) {
      queue.add(auctionId);
    }
  }

  private void work() {
    while (running) {
      try {
        List<Long> batch = next();
        if (!batch.isEmpty()) {
          inFlight.addAll(batch);
          try {
            advance(batch);
          } finally {
            inFlight.clear();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "lifecycle worker failed; the sweep retries", e);
      }
    }
  }

  private List<Long> next() throws InterruptedException {
    List<Long> batch = new ArrayList<>();
    while (batch.size() < BATCH) {
      Retry r = retries.poll();
      if (r == null) {
        break;
      }
      if (queued.add(r.auctionId())) {
        batch.add(r.auctionId());
      }
    }
    Long first = batch.isEmpty() ? queue.poll(50, TimeUnit.MILLISECONDS) : queue.poll();
    if (first != null) {
      batch.add(first);
      queue.drainTo(batch, BATCH - batch.size());
    }
    batch.forEach(queued::remove);
    return batch;
  }

  /** Advances a batch; a failing batch is split so one bad auction cannot hold up the others. */
  private void advance(List<Long> batch) {
    List<Lifecycle.Advanced> results;
    try {
      results = lifecycle.advance(batch);
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        LOG.log(Level.WARNING, "could not advance auction " + batch.get(0) + "; retrying in 1 s", e);
        retrying.put(batch.get(0), 0);
        retries.add(new Retry(batch.get(0), 0, System.nanoTime() + Duration.ofSeconds(1).toNanos()));
        return;
      }
      for (Long id : batch) {
        advance(List.of(id));
      }
      return;
    }
    AuctionSchedule self = context.getBusinessObject(AuctionSchedule.class);
    for (Lifecycle.Advanced r : results) {
      if (!r.locked()) {
        int attempt = retrying.merge(r.auctionId(), 1, Integer::sum);
        retries.add(Retry.after(r.auctionId(), attempt - 1));
        continue;
      }
      retrying.remove(r.auctionId());
      if (r.nextDueAt() != null) {
        self.arm(r.auctionId(), r.nextDueAt());
      }
    }
  }
}
