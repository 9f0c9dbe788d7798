package io.gavel.auction.ws;

import java.util.ArrayList;
import java.util.List;

/**
 * One connection watching one auction. Until its snapshot (or replay) has been queued, live
 * events are held back; afterwards each event is forwarded once, in {@code seq} order, and
 * anything at or below the last forwarded {@code seq} (duplicates, redeliveries, events already
 * covered by the snapshot) is dropped.
 */
final class Subscription {

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(Subscription.class.getName());

  /** An event ready to send: its seq and its message text. */
  record Pending(long seq, String text) {}

  private final Connection connection;
  private final long auctionId;
  private final List<Pending> held = new ArrayList<>();
  private boolean ready;
  private long lastSeq;

  Subscription(Connection connection, long auctionId) {
    this.connection = connection;
    this.auctionId = auctionId;
  }

  Connection connection() {
    return connection;
  }

  long auctionId() {
    return auctionId;
  }

  /** A live event from the cluster. */
  synchronized void offer(long seq, String text) {
    if (!ready) {
      held.add(new Pending(seq, text));
      return;
    }
    forward(seq, text);
  }

  /**
   * Sends the catch-up messages (a snapshot or a replay) that bring the client to {@code
   * upToSeq}, then releases the held live events after it.
   */
  synchronized void start(List<String> catchUp, long upToSeq) {
    catchUp.forEach(connection::send);
    lastSeq = upToSeq;
    ready = true;
    for (Pending p : held) {
      forward(p.seq(), p.text());
    }
    held.clear();
  }

  private void forward(long seq, String text) {
    if (seq <= lastSeq) {
      LOG.fine(() -> "dropped event " + seq + " of auction " + auctionId + ": already at " + lastSeq);
      return;
    }
    if (seq > lastSeq + 1 && ready) {
      LOG.info(() -> "auction " + auctionId + " skipped from seq " + lastSeq + " to " + seq
          + " on this node; the client sees the gap and resubscribes with lastSeq");
    }
    lastSeq = seq;
    connection.send(text);
  }
}
