package io.gavel.it.xa;

import io.gavel.bidding.control.BatchWritten;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Test-only: fails every bid batch of a poisoned auction after it was written and sent. */
@ApplicationScoped
public class FailureInjector {

  private final Set<Long> poisoned = ConcurrentHashMap.newKeySet();

  public void poison(long auctionId) {
    poisoned.add(auctionId);
  }

  public void heal(long auctionId) {
    poisoned.remove(auctionId);
  }

  void failPoisoned(@Observes BatchWritten batch) {
    if (poisoned.contains(batch.auctionId())) {
      throw new IllegalStateException("injected failure after the bid event was sent");
    }
  }
}
