package io.gavel.platform.control;

import io.gavel.platform.entity.Refusal;
import java.sql.SQLException;
import java.util.Map;

/**
 * Row locks that were not granted in time. Another transaction may hold a row for long: a node
 * that died between a two-phase commit's prepare and its commit leaves its database branch, and
 * the branch's locks, until its transaction manager recovers it. A request that meets such a lock
 * gives up after the session's lock wait ({@code innodb_lock_wait_timeout}, which the application's
 * data source sets to {@value #SESSION_SECONDS} s) and is refused as busy, never as a failure.
 */
public final class LockWaits {

  /** The lock wait of the application's connections, in seconds (see {@code SchemaMigration}). */
  public static final int SESSION_SECONDS = 10;

  /** MariaDB's error for a lock not granted in time ({@code ER_LOCK_WAIT_TIMEOUT}). */
  private static final int LOCK_WAIT_TIMEOUT = 1205;

  private LockWaits() {}

  /** Whether {@code e} was caused by a row lock not granted within the wait. */
  public static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == LOCK_WAIT_TIMEOUT) {
        return true;
      }
    }
    return false;
  }

  /**
   * The refusal of a request that met a lock held too long.
   *
   * @param detail what was refused and that nothing of it was kept
   * @param retryAfterSeconds when to try again
   */
  public static Refusal busy(String code, String detail, int retryAfterSeconds) {
    return new Refusal(503, code, detail, Map.of("retryAfterSeconds", retryAfterSeconds));
  }
}
