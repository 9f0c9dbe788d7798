package io.gavel.it.xa;

import io.gavel.auction.messaging.AuctionEventReceived;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every auction event this node received from the broker (test-only). */
@ApplicationScoped
public class Delivered {

  private final List<AuctionEventReceived> events = new CopyOnWriteArrayList<>();

  void on(@Observes AuctionEventReceived event) {
    events.add(event);
  }

  public List<AuctionEventReceived> of(long auctionId) {
    return events.stream().filter(e -> e.auctionId() == auctionId).toList();
  }
}
