package io.gavel.it;

import io.gavel.launcher.Platform;
import java.net.URI;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the whole platform once for all integration test classes (MariaDB, Artemis, Keycloak
 * and a two-node Payara Micro cluster) and stops it, by PID, when the test run ends. Ports are
 * fixed and differ from the run command's defaults, so tests never touch a developer's instance.
 */
public class SharedPlatform implements LauncherSessionListener {

  public static final int DB_PORT = 3317;
  public static final int BROKER_PORT = 61626;
  public static final int KEYCLOAK_PORT = 8190;
  public static final int FIRST_NODE_PORT = 8091;

  private static Platform platform;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    start();
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (platform != null) {
      platform.close();
      platform = null;
    }
  }

  /** The nodes close a WebSocket that sent nothing, not even a pong, for this long. */
  static final int IDLE_SECONDS = 6;

  /** Writes one client address may send at once (then 100 per second). */
  static final int ADDRESS_BURST = 100;

  /** Writes other than bids one user may send at once (then 50 per second). */
  static final int USER_BURST = 400;

  /** The clock skew the nodes tolerate on token expiry. */
  static final int CLOCK_SKEW_SECONDS = 2;

  static synchronized Platform start() {
    if (platform == null) {
      try {
        // the Arquillian-managed Payara Micro uses it as java.io.tmpdir (see arquillian.xml)
        java.nio.file.Files.createDirectories(
            Path.of(System.getProperty("gavel.arquillian.tmp", "target/arquillian-tmp")));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Platform p =
          Platform.builder()
              .home(Path.of(System.getProperty("gavel.it.home", "target/platform")))
              .distribution(Path.of(System.getProperty("gavel.dist", "../launcher/target/dist")))
              .databasePort(DB_PORT)
              .brokerPort(BROKER_PORT)
              .brokerConsolePort(8171)
              .keycloakPort(KEYCLOAK_PORT)
              .keycloakManagementPort(9190)
              .nodes(2)
              .httpPort(FIRST_NODE_PORT)
              .hazelcastPort(5910)
              .clusterName("gavel-it-" + ProcessHandle.current().pid())
              // short enough for a test to see a silent client closed (RealTimeIT)
              .nodeProperty("gavel.ws.heartbeat-seconds", "2")
              .nodeProperty("gavel.ws.idle-seconds", String.valueOf(IDLE_SECONDS))
              // expired tokens are refused soon enough for a test to wait for it (TokenValidationIT)
              .nodeProperty("mp.jwt.verify.clock.skew", String.valueOf(CLOCK_SKEW_SECONDS))
              // the tests' own traffic comes from 127.0.0.1, which is also the trusted proxy: a test
              // that sends X-Forwarded-For stands for other clients (RateLimitIT)
              .nodeProperty("gavel.http.trusted-proxies", "127.0.0.1")
              .nodeProperty("gavel.rate.unlimited-addresses", "127.0.0.1")
              .nodeProperty("gavel.rate.address.burst", String.valueOf(ADDRESS_BURST))
              // sam lists hundreds of lots within seconds (LifecycleClusterIT)
              .nodeProperty("gavel.rate.user.burst", String.valueOf(USER_BURST))
              .nodeProperty("gavel.rate.user.per-second", "50")
              .build();
      p.start();
      platform = p;
    }
    return platform;
  }

  public static Platform get() {
    return start();
  }

  /** A plain JDBC connection to the platform's database, for tests that read the tables. */
  static java.sql.Connection database() throws java.sql.SQLException {
    Platform p = start();
    return java.sql.DriverManager.getConnection(p.jdbcUrl(), p.dbUser(), p.dbPassword());
  }

  public static URI node(int i) {
    return get().nodeUri(i);
  }

  public static URI keycloak() {
    return get().keycloakUri();
  }
}
