package io.gavel.auction.ws;

import io.gavel.platform.control.TokenBucket;
import io.gavel.users.entity.Caller;
import jakarta.websocket.CloseReason;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client (a WebSocket or a server-sent-event stream, see {@link Transport}) with its own
 * bounded outbound queue, sent asynchronously one message at a time. A slow or dead client only
 * fills its own queue; when that overflows the client is disconnected (it reconnects and resumes
 * with {@code lastSeq}) instead of delaying others.
 */
public final class Connection {

  static final int MAX_QUEUED = 1024;

  /** How long a policy close waits after the last queued message, see {@link #drain}. */
  static final long CLOSE_GRACE_MILLIS = 200;

  /** Messages a client may send per second, and in a burst (system properties). */
  static final double RATE = Double.parseDouble(System.getProperty("gavel.ws.rate-per-second", "20"));

  static final long BURST = Long.getLong("gavel.ws.rate-burst", 40);

  private static final Logger LOG = Logger.getLogger(Connection.class.getName());

  private final Transport transport;
  private final Caller caller;
  private final Executor executor;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Map<Long, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final TokenBucket inbound =
      new TokenBucket((long) (1_000_000_000L / RATE), BURST, System.nanoTime());
  private boolean draining;
  private boolean closed;
  /** Set once the connection is to be closed when what is queued has been sent. */
  private CloseReason closing;

  private volatile Runnable whenClosed = () -> {};

  Connection(Transport transport, Caller caller, Executor executor) {
    this.transport = transport;
    this.caller = caller;
    this.executor = executor;
  }

  /** Runs {@code action} once the connection has failed or was closed by the server. */
  void whenClosed(Runnable action) {
    whenClosed = action;
  }

  boolean oneWay() {
    return transport.oneWay();
  }

  /** The authenticated user, or null for an anonymous watcher. */
  Caller caller() {
    return caller;
  }

  Map<Long, Subscription> subscriptions() {
    return subscriptions;
  }

  String id() {
    return transport.id();
  }

  private volatile long lastHeardNanos = System.nanoTime();

  /** When the client's access token stops being valid; null for an anonymous connection. */
  private volatile java.time.Instant validUntil;

  void validUntil(java.time.Instant until) {
    validUntil = until;
  }

  /** Whether the connection's access token has expired (never for an anonymous one). */
  boolean expired(java.time.Instant now) {
    java.time.Instant until = validUntil;
    return until != null && now.isAfter(until);
  }

  /** Notes that the client sent something (a message or a pong). */
  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** Sends a keep-alive (a ping frame, or an SSE comment); never blocks. */
  void ping() {
    transport.ping();
  }

  /** Whether the client may send one more message now (its per-connection rate limit). */
  boolean admit() {
    return inbound.take(System.nanoTime()) == 0;
  }

  /**
   * Closes the connection with {@code reason} once the messages queued so far are sent; nothing
   * queued later is sent.
   */
  void closeAfterSending(CloseReason reason) {
    synchronized (this) {
      if (closed || closing != null) {
        return;
      }
      closing = reason;
      if (draining) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drain);
  }

  /**
   * Queues {@code text} for sending; never blocks. When nothing is being sent the caller starts
   * sending right away on its own thread (a WebSocket send is asynchronous); a transport whose
   * writes may block is always drained on the executor.
   */
  void send(String text) {
    synchronized (this) {
      if (closed || closing != null) {
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
    if (transport.mayBlock()) {
      executor.execute(this::drain);
    } else {
      drain();
    }
  }

  /**
   * Sends the queued messages one at a time, each asynchronously. A send that completes at once
   * (the usual case: the socket took the frame) lets this loop go on to the next on the same
   * thread; one that completes later (the client is slow to read) continues on the executor from
   * its completion. No thread ever waits for a client's socket, so a client that stops reading
   * only fills its own queue.
   */
  private void drain() {
    while (true) {
      String next;
      CloseReason finish = null;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          if (closing == null || closed) {
            return;
          }
          closed = true;
          finish = closing;
        }
      }
      if (finish != null) {
        // A client told to stop may still have frames on the way. Closing the socket with them
        // unread makes the kernel reset it, and a reset discards the close frame the client has
        // not read yet; a short grace lets the server read them first.
        CloseReason reason = finish;
        CompletableFuture.delayedExecutor(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS, executor)
            .execute(() -> close(reason));
        return;
      }
      // whichever of this loop and the completion gets here second goes on with the queue
      AtomicBoolean handOff = new AtomicBoolean();
      transport.send(
          next,
          failure -> {
            if (failure != null) {
              failed(failure);
            } else if (!handOff.compareAndSet(false, true)) {
              executor.execute(this::drain);
            }
          });
      if (handOff.compareAndSet(false, true)) {
        return; // still in flight: its completion continues
      }
    }
  }

  private void failed(Throwable e) {
    LOG.log(Level.FINE, "send failed; closing " + transport.id(), e);
    closeNow(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed"));
  }

  /** Closes the connection now, dropping whatever is still queued (a silent client is gone). */
  void closeNow(CloseReason reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
    }
    close(reason);
  }

  void close(CloseReason reason) {
    transport.close(reason);
    whenClosed.run();
  }
}
