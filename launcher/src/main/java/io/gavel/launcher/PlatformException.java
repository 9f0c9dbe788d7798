package io.gavel.launcher;

/**
 * A service of the platform could not be started (or prepared). The message names the service and
 * carries the tail of its log, so a failing integration test shows the cause without digging.
 */
public class PlatformException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PlatformException(String message) {
    super(message);
  }

  public PlatformException(String message, Throwable cause) {
    super(message, cause);
  }
}
