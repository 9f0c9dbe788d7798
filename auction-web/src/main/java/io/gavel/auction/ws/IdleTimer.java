package io.gavel.auction.ws;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduler Tyrus uses for a session's idle timer, swapped for a plain one.
 *
 * <p>Tyrus re-arms a session's idle timer on every message in and out, even with the idle timeout
 * off (it then schedules a task that does nothing, due at once), and on Payara it does so on the
 * server's managed scheduled executor, which captures and restores thread context (class loader,
 * security, naming, request tracing) for every task. With 10,000 watchers a profile put about
 * half the node's CPU there. Our connections have their own heartbeat and idle timeout ({@link
 * LiveAuctions}), so the session's timer needs no context: on open, the session gets this
 * scheduler, which runs a task that is due at once on the calling thread and anything later on
 * one daemon thread (started only if a session ever gets an idle timeout of its own).
 *
 * <p>The swap reaches into a private field of Tyrus' session. If a future Tyrus lacks it, the
 * session keeps the managed scheduler (correct, only slower) and this is logged once.
 */
final class IdleTimer extends ScheduledThreadPoolExecutor {

  private static final Logger LOG = Logger.getLogger(IdleTimer.class.getName());
  private static final IdleTimer INSTANCE = new IdleTimer();
  /** Tyrus' field, found on the first session: empty if there is none. */
  private static volatile Optional<Field> service;

  private IdleTimer() {
    super(
        1,
        task -> {
          Thread t = new Thread(task, "gavel-ws-idle-timer");
          t.setDaemon(true);
          return t;
        });
    setRemoveOnCancelPolicy(true);
  }

  /** Gives {@code session} this scheduler for its idle timer, when the session is Tyrus'. */
  static void install(Session session) {
    Optional<Field> field = service;
    if (field == null) {
      field = service = serviceField(session.getClass());
    }
    if (field.isEmpty() || !field.get().getDeclaringClass().isInstance(session)) {
      return;
    }
    try {
      field.get().set(session, INSTANCE);
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.log(Level.FINE, "could not swap the idle-timer scheduler", e);
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (delay > 0) {
      return super.schedule(command, delay, unit);
    }
    command.run();
    return Done.INSTANCE;
  }

  private static Optional<Field> serviceField(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField("service");
        if (field.getType() == ScheduledExecutorService.class) {
          field.setAccessible(true);
          return Optional.of(field);
        }
      } catch (NoSuchFieldException e) {
        // look further up
      } catch (RuntimeException e) {
        break;
      }
    }
    LOG.info(() -> type.getName() + " has no idle-timer scheduler to swap: every WebSocket message"
        + " keeps costing a managed-executor task");
    return Optional.empty();
  }

  /** The future of a task that already ran. */
  private static final class Done implements ScheduledFuture<Object> {
    static final Done INSTANCE = new Done();

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
