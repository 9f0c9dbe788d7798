package io.gavel.auction.ws;

import io.gavel.users.entity.Caller;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client socket with its own bounded outbound queue, drained by one task at a time on a
 * shared pool. A slow or dead client only fills its own queue; when that overflows the client
 * is disconnected (it reconnects and resumes with {@code lastSeq}) instead of delaying others.
 */
final class Connection {

  static final int MAX_QUEUED = 1024;

  private static final Logger LOG = Logger.getLogger(Connection.class.getName());

  private final Session session;
  private final Caller caller;
  private final Executor executor;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Map<Long, Subscription> subscriptions = new ConcurrentHashMap<>();
  private boolean draining;
  private boolean closed;

  Connection(Session session, Caller caller, Executor executor) {
    this.session = session;
    this.caller = caller;
    this.executor = executor;
  }

  /** The authenticated user, or null for an anonymous watcher. */
  Caller caller() {
    return caller;
  }

  Map<Long, Subscription> subscriptions() {
    return subscriptions;
  }

  String id() {
    return session.getId();
  }

  /** Queues {@code text} for sending; never blocks. */
  void send(String text) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        closed = true;
        queue.clear();
        executor.execute(
            () ->
                close(
                    new CloseReason(
                        CloseReason.CloseCodes.TRY_AGAIN_LATER,
                        "SLOW_CONSUMER: resubscribe with lastSeq")));
        return;
      }
      queue.add(text);
      if (draining) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drain);
  }

  private void drain() {
    while (true) {
      String next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        session.getBasicRemote().sendText(next);
      } catch (IOException | IllegalStateException e) {
        LOG.log(Level.FINE, "send failed; closing " + session.getId(), e);
        synchronized (this) {
          closed = true;
          queue.clear();
          draining = false;
        }
        return;
      }
    }
  }

  void close(CloseReason reason) {
    try {
      if (session.isOpen()) {
        session.close(reason);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "close failed for " + session.getId(), e);
    }
  }
}
