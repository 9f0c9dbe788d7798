package io.gavel.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polling until a service answers. Every wait is bounded, gives up early when the process has died
 * or the platform is shutting down, and fails with the tail of the service's log.
 */
final class Readiness {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Readiness() {}

  static void await(
      String what, ServiceProcess process, Duration timeout, BooleanSupplier aborted, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (aborted.getAsBoolean()) {
        throw new PlatformException("platform is shutting down: gave up waiting for " + what);
      }
      if (process != null && process.exited()) {
        throw new PlatformException(what + ": the process exited before it was ready\n" + process.tail());
      }
      if (System.nanoTime() > deadline) {
        throw new PlatformException(
            what + " not ready after " + timeout.toSeconds() + " s\n" + (process == null ? "" : process.tail()));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PlatformException("interrupted while waiting for " + what, e);
      }
    }
  }

  static boolean portOpen(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** HTTP status of a GET, or -1 when nothing answers. */
  static int status(URI uri) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Fails fast with a readable message instead of a start that times out on a taken port. */
  static void requireFree(String what, int port) {
    if (portOpen("127.0.0.1", port)) {
      throw new PlatformException(
          what + ": port " + port + " on 127.0.0.1 is already in use (another Gavel instance, or choose"
              + " another port)");
    }
  }
}
