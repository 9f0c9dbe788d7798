package io.gavel.it.xa;

import io.gavel.bidding.control.BatchWritten;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only: fails every bid batch of a poisoned auction, or every n-th batch of an auction,
 * after it was written and sent.
 */
@ApplicationScoped
public class FailureInjector {

  private final Set<Long> poisoned = ConcurrentHashMap.newKeySet();
  private final Map<Long, Integer> every = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> written = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> failed = new ConcurrentHashMap<>();

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
