package io.gavel.launcher;

/** One part of the platform the launcher runs as a local process: database, broker, IdP, node. */
interface Service {

  String name();

  /** Starts the service and returns once it is ready for clients; throws otherwise. */
  void start();

  /** Stops the service and its child processes; safe to call when not (or no longer) running. */
  void stop();
}
