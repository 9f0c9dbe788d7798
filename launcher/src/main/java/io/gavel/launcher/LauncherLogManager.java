package io.gavel.launcher;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} whose reset can be held back. The JDK resets (closes every handler) from its
 * own shutdown hook, which runs concurrently with the launcher's: without this, the messages of an
 * orderly shutdown after Ctrl-C would be lost. Installed by {@link Main} through {@code
 * java.util.logging.manager}; the launcher's hook releases it when it is done.
 */
public final class LauncherLogManager extends LogManager {

  private volatile boolean held;

  /** Called by the JDK (reflection), once, when logging is first used. */
  public LauncherLogManager() {}

  void holdResets() {
    held = true;
  }

  @Override
  public void reset() {
    if (!held) {
      super.reset();
    }
  }

  /** The launcher's own shutdown is complete: flush and close the handlers now. */
  void release() {
    held = false;
    super.reset();
  }
}
