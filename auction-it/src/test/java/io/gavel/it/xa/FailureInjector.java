package io.gavel.it.xa;

import io.gavel.bidding.control.BatchWritten;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only: fails every bid batch of a poisoned auction, or every n-th batch of an auction,
 * after it was written and sent; or holds the batches of a gated auction there, inside their
 * transaction, until the test lets each go on (so the commands queued meanwhile form the next
 * batch together).
 */
@ApplicationScoped
public class FailureInjector {

  private final Set<Long> poisoned = ConcurrentHashMap.newKeySet();
  private final Map<Long, Integer> every = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> written = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> failed = new ConcurrentHashMap<>();
  private final Map<Long, Gate> gates = new ConcurrentHashMap<>();

  /** Where the batches of one auction wait, written and sent but not committed. */
  public static final class Gate {
    private final Semaphore arrived = new Semaphore(0);
    private final Semaphore passes = new Semaphore(0);

    /** Waits until a batch of the auction is at the gate. */
    public void awaitBatch() throws InterruptedException {
      if (!arrived.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no batch reached the gate");
      }
    }

    /** Lets one waiting (or the next) batch go on to its commit. */
    public void pass() {
      passes.release();
    }

    private void hold() {
      arrived.release();
      try {
        if (!passes.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("a held batch was never let through");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** From now on every batch written on the auction waits at the returned gate. */
  public Gate gate(long auctionId) {
    return gates.computeIfAbsent(auctionId, k -> new Gate());
  }

  /** Batches of the auction no longer wait (one already waiting still needs its pass). */
  public void ungate(long auctionId) {
    gates.remove(auctionId);
  }

  public void poison(long auctionId) {
    poisoned.add(auctionId);
  }

  public void heal(long auctionId) {
    poisoned.remove(auctionId);
    every.remove(auctionId);
  }

  /** From now on every {@code n}-th batch written on the auction fails. */
  public void failEvery(long auctionId, int n) {
    every.put(auctionId, n);
  }

  /** How many batches of the auction were failed on purpose. */
  public int failed(long auctionId) {
    AtomicInteger count = failed.get(auctionId);
    return count == null ? 0 : count.get();
  }

  void failPoisoned(@Observes BatchWritten batch) {
    long id = batch.auctionId();
    Gate gate = gates.get(id);
    if (gate != null) {
      gate.hold();
    }
    Integer n = every.get(id);
    boolean fail =
        poisoned.contains(id)
            || n != null && written.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() % n == 0;
    if (fail) {
      failed.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      throw new IllegalStateException("injected failure after the bid event was sent");
    }
  }
}
