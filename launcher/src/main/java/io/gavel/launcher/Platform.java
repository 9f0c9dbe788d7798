package io.gavel.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole Gavel platform as local processes on 127.0.0.1: MariaDB, Artemis and Keycloak (each
 * unless an existing one is configured) and one or more Payara Micro nodes running the
 * applications.
 *
 * <pre>{@code
 * try (Platform platform = Platform.builder().home(dir).distribution(dist).nodes(2).httpPort(8091).build()) {
 *   platform.start();
 *   URI api = platform.nodeUri(0).resolve("/api/v1/auctions");
 * }
 * }</pre>
 *
 * <p>{@link #start()} starts the database, broker and identity provider concurrently, then the
 * nodes (after Keycloak: Payara caches its signing keys), and returns once every service is ready.
 * {@link #close()} stops them in reverse order; a JVM shutdown hook does the same if the JVM exits
 * first. Data survives restarts under {@link Builder#home(Path)}.
 */
public final class Platform implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Platform.class.getName());

  private final Settings settings;
  private final EmbeddedDatabase database;
  private final Broker broker;
  private final Keycloak keycloak;
  private final List<PayaraNode> nodes;
  private final Thread shutdownHook = new Thread(this::stopAll, "gavel-platform-shutdown");
  private volatile boolean aborted;
  private boolean hookInstalled;
  private boolean started;

  private Platform(Settings settings) {
    this.settings = settings;
    Path home = settings.home;
    this.database = settings.externalDbUrl == null ? new EmbeddedDatabase(home, settings.databasePort, this::aborted) : null;
    this.broker =
        settings.externalBrokerHost == null
            ? new Broker(home, settings.distribution, settings.brokerPort, settings.brokerConsolePort, settings.timeout, this::aborted)
            : null;
    this.keycloak =
        settings.externalIssuer == null
            ? new Keycloak(home, settings.distribution, settings.keycloakPort, settings.keycloakManagementPort, settings.timeout, this::aborted)
            : null;
    List<Integer> members = new ArrayList<>();
    for (int i = 0; i < settings.nodes; i++) {
      members.add(settings.hazelcastPort + i);
    }
    List<PayaraNode> list = new ArrayList<>();
    for (int i = 0; i < settings.nodes; i++) {
      list.add(
          new PayaraNode(
              i, home, settings.distribution, settings.httpPort + i, settings.hazelcastPort + i, members,
              settings.clusterName, settings.nodeHeap, applicationProperties(), brokerParameters(),
              settings.timeout, this::aborted));
    }
    this.nodes = Collections.unmodifiableList(list);
  }

  public static Builder builder() {
    return new Builder();
  }

  private boolean aborted() {
    return aborted;
  }

  /**
   * Starts every service and blocks until all are ready. A platform starts once (build another one
   * on the same home to start again: the data is reused).
   *
   * @throws PlatformException naming the service that failed, with the tail of its log; whatever
   *     had already started is stopped again
   */
  public void start() {
    synchronized (this) {
      // One run per instance: the abort flag set by close() is final, so a restart needs a new one.
      if (started) {
        throw new IllegalStateException("a Platform starts once; build a new one to start again");
      }
      started = true;
    }
    long begin = System.nanoTime();
    installShutdownHook();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "gavel-start");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Service> infrastructure = new ArrayList<>();
      Optional.ofNullable(database).ifPresent(infrastructure::add);
      Optional.ofNullable(broker).ifPresent(infrastructure::add);
      Optional.ofNullable(keycloak).ifPresent(infrastructure::add);
      startAll(infrastructure, pool);
      startAll(nodes, pool);
      LOG.log(Level.INFO, "Gavel platform ready in {0} s", Math.round((System.nanoTime() - begin) / 1e9));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Start failed, stopping what did start: {0}", firstLine(e.getMessage()));
      close();
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Starts the services concurrently. Measured on two cores: database, broker and Keycloak ready
   * together after 12 s against 20 s one after the other; two nodes together 46-70 s against
   * 66-75 s one after the other (a busy box, so a rough figure).
   */
  private void startAll(List<? extends Service> services, ExecutorService pool) {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (Service service : services) {
      starts.add(CompletableFuture.runAsync(() -> timed(service), pool).whenComplete((ok, failure) -> {
        if (failure != null) {
          aborted = true; // the others stop waiting and give up
        }
      }));
    }
    PlatformException failure = null;
    for (CompletableFuture<Void> start : starts) {
      try {
        start.join();
      } catch (CompletionException e) {
        PlatformException cause = e.getCause() instanceof PlatformException
            ? (PlatformException) e.getCause()
            : new PlatformException(String.valueOf(e.getCause()), e.getCause());
        // report the service that failed first, not the ones that gave up because of it
        if (failure == null || failure.getMessage().startsWith("platform is shutting down")) {
          failure = cause;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void timed(Service service) {
    long begin = System.nanoTime();
    LOG.log(Level.INFO, "Starting {0}", service);
    service.start();
    LOG.log(Level.INFO, "{0} ready in {1} s", new Object[] {service, String.format("%.1f", (System.nanoTime() - begin) / 1e9)});
  }

  /** Stops node {@code i} (the others keep running: a failover test). */
  public void stopNode(int i) {
    nodes.get(i).stop();
  }

  /** Kills node {@code i} with SIGKILL ({@code kill -9}): a crash, for failover tests. */
  public void killNode(int i) {
    nodes.get(i).kill();
  }

  /** Starts node {@code i} again after {@link #stopNode(int)}; blocks until it is ready. */
  public void startNode(int i) {
    timed(nodes.get(i));
  }

  /** Stops everything, nodes first; idempotent. */
  @Override
  public void close() {
    stopAll();
    synchronized (this) {
      if (hookInstalled) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down and the hook is running or has run
        }
        hookInstalled = false;
      }
    }
  }

  private void stopAll() {
    aborted = true;
    // Reverse dependency order: nodes (concurrently) before the services they use.
    stopConcurrently(reversed(nodes));
    List<Service> infrastructure = new ArrayList<>();
    Optional.ofNullable(keycloak).ifPresent(infrastructure::add);
    Optional.ofNullable(broker).ifPresent(infrastructure::add);
    Optional.ofNullable(database).ifPresent(infrastructure::add);
    stopConcurrently(infrastructure);
  }

  private static void stopConcurrently(List<? extends Service> services) {
    List<Thread> threads = new ArrayList<>();
    for (Service service : services) {
      Thread t = new Thread(() -> {
        try {
          service.stop();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "stopping " + service.name(), e);
        }
      }, "gavel-stop-" + service.name());
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private synchronized void installShutdownHook() {
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      hookInstalled = true;
    }
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  // --- what clients and tests need to know ------------------------------------------------

  public int nodeCount() {
    return nodes.size();
  }

  /** {@code http://127.0.0.1:<httpPort + i>}. */
  public URI nodeUri(int i) {
    return nodes.get(i).uri();
  }

  /** Keycloak's base URI as clients must use it (the issuer's host): {@code http://localhost:<port>}. */
  public URI keycloakUri() {
    return URI.create(issuer()).resolve("/");
  }

  /** The token issuer the applications accept, e.g. {@code http://localhost:8180/realms/auction}. */
  public String issuer() {
    return settings.externalIssuer != null ? settings.externalIssuer : Keycloak.issuer(settings.keycloakPort);
  }

  public URI tokenEndpoint() {
    return URI.create(issuer() + "/protocol/openid-connect/token");
  }

  public String jdbcUrl() {
    return settings.externalDbUrl != null ? settings.externalDbUrl : EmbeddedDatabase.jdbcUrl(settings.databasePort);
  }

  public String dbUser() {
    return settings.externalDbUrl != null ? settings.externalDbUser : EmbeddedDatabase.USER;
  }

  public String dbPassword() {
    return settings.externalDbUrl != null ? settings.externalDbPassword : EmbeddedDatabase.PASSWORD;
  }

  /** {@code tcp://host:port} of the broker's core acceptor. */
  public String brokerUri() {
    return Broker.uri(brokerHost(), brokerPort());
  }

  public String brokerUser() {
    return settings.externalBrokerHost != null ? settings.externalBrokerUser : Broker.USER;
  }

  public String brokerPassword() {
    return settings.externalBrokerHost != null ? settings.externalBrokerPassword : Broker.PASSWORD;
  }

  /** The embedded broker's web console, if the platform runs the broker with a console. */
  public Optional<URI> brokerConsoleUri() {
    return broker == null || settings.brokerConsolePort <= 0 ? Optional.empty() : Optional.of(URI.create("http://127.0.0.1:" + settings.brokerConsolePort + "/console"));
  }

  public Path home() {
    return settings.home;
  }

  /** Log file of a service: {@code mariadb}, {@code artemis}, {@code keycloak}, {@code node0}... */
  public Path log(String service) {
    return settings.home.resolve("logs").resolve(service + ".log");
  }

  /** PIDs of the running services' root processes by service name (for diagnostics). */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    if (database != null && database.pid() > 0) {
      pids.put(database.name(), database.pid());
    }
    Function<ServiceProcess, Optional<Long>> pid = p -> p.handle().filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    if (broker != null) {
      pid.apply(broker.process()).ifPresent(v -> pids.put(broker.name(), v));
    }
    if (keycloak != null) {
      pid.apply(keycloak.process()).ifPresent(v -> pids.put(keycloak.name(), v));
    }
    for (PayaraNode node : nodes) {
      pid.apply(node.process()).ifPresent(v -> pids.put(node.name(), v));
    }
    return pids;
  }

  private String brokerHost() {
    return settings.externalBrokerHost != null ? settings.externalBrokerHost : "127.0.0.1";
  }

  private int brokerPort() {
    return settings.externalBrokerHost != null ? settings.externalBrokerPort : settings.brokerPort;
  }

  private String brokerParameters() {
    return PayaraNode.brokerParameters(brokerHost(), brokerPort(), brokerUser(), brokerPassword());
  }

  /**
   * The application's configuration, handed to each node as system properties (MicroProfile
   * Config; production sets the same keys as environment variables).
   */
  Map<String, String> applicationProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("auction.db.url", jdbcUrl());
    p.put("auction.db.user", dbUser());
    p.put("auction.db.password", dbPassword());
    // The resource adapter's UserName/Password only serve inbound (MDB) connections; outbound
    // connection factories must name their user: user = "${MPCONFIG=auction.broker.user}".
    p.put("auction.broker.user", brokerUser());
    p.put("auction.broker.password", brokerPassword());
    p.put("mp.jwt.verify.issuer", issuer());
    // the application hands MicroProfile JWT the signing key itself (RealmKeyConfigSource): given
    // only a location, Payara turns the JWKS into a key again on every request
    p.put("auction.jwt.jwks-uri", settings.externalJwksUri != null ? settings.externalJwksUri : issuer() + "/protocol/openid-connect/certs");
    p.put("mp.jwt.verify.audiences", "auction-api");
    // tolerated clock difference with the identity provider, for REST and WebSocket alike
    p.put("mp.jwt.verify.clock.skew", "30");
    // JSON-P's static factories (Json.createReader, ...) otherwise look the provider up through
    // ServiceLoader, scanning the application's jars, on every call: MicroProfile JWT makes two
    // such calls per request (8 % of a node's CPU under the bid benchmark)
    p.put("jakarta.json.provider", "org.eclipse.parsson.JsonProviderImpl");
    p.put("auction.oidc.provider-uri", issuer());
    p.put("auction.console.client-id", "auction-console");
    p.put("auction.console.client-secret", settings.consoleClientSecret);
    // identity documents (KYC) live outside the database; every node must see the same directory
    p.put("gavel.kyc.document-dir", settings.home.resolve("kyc-documents").toAbsolutePath().toString());
    p.putAll(settings.nodeProperties);
    return p;
  }

  // --- configuration ------------------------------------------------------------------------

  private static final class Settings implements Cloneable {
    Path home;
    Path distribution;
    int databasePort = 3307;
    int brokerPort = 61616;
    int brokerConsolePort = 8161;
    int keycloakPort = 8180;
    int keycloakManagementPort = 9180;
    int nodes = 1;
    int httpPort = 8080;
    int hazelcastPort = 5900;
    String clusterName = "gavel";
    String nodeHeap = "768m";
    Duration timeout = Duration.ofMinutes(5);
    String externalDbUrl;
    String externalDbUser;
    String externalDbPassword;
    String externalBrokerHost;
    int externalBrokerPort;
    String externalBrokerUser;
    String externalBrokerPassword;
    String externalIssuer;
    String externalJwksUri;
    String consoleClientSecret = "auction-console-dev-secret";
    Map<String, String> nodeProperties = new LinkedHashMap<>();

    /** A builder used again after build() must not change the platform already built. */
    @Override
    protected Settings clone() {
      try {
        Settings copy = (Settings) super.clone();
        copy.nodeProperties = new LinkedHashMap<>(nodeProperties);
        return copy;
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Ports default to the development ones of the README; integration tests choose their own. */
  public static final class Builder {

    private final Settings s = new Settings();

    private Builder() {}

    /** Working and data folder (logs, databases, broker journal); keep it outside /tmp. */
    public Builder home(Path home) {
      s.home = home.toAbsolutePath().normalize();
      return this;
    }

    /** Folder with payara-micro.jar, the WARs, the RAR, the Artemis and Keycloak zips. */
    public Builder distribution(Path distribution) {
      s.distribution = distribution.toAbsolutePath().normalize();
      return this;
    }

    public Builder databasePort(int port) {
      s.databasePort = port;
      return this;
    }

    public Builder brokerPort(int port) {
      s.brokerPort = port;
      return this;
    }

    /** Artemis' web console (bound to 127.0.0.1); default 8161, 0 for none. */
    public Builder brokerConsolePort(int port) {
      s.brokerConsolePort = port;
      return this;
    }

    public Builder keycloakPort(int port) {
      s.keycloakPort = port;
      return this;
    }

    /** Keycloak's management interface (health); default 9180 rather than Keycloak's 9000. */
    public Builder keycloakManagementPort(int port) {
      s.keycloakManagementPort = port;
      return this;
    }

    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("at least one node");
      }
      s.nodes = nodes;
      return this;
    }

    /** HTTP port of node 0; node i listens on {@code httpPort + i}. */
    public Builder httpPort(int port) {
      s.httpPort = port;
      return this;
    }

    /** Hazelcast port of node 0; node i uses {@code hazelcastPort + i}. */
    public Builder hazelcastPort(int port) {
      s.hazelcastPort = port;
      return this;
    }

    /** Must be unique per platform on a host: Payara nodes with the same name join one cluster. */
    public Builder clusterName(String name) {
      s.clusterName = Objects.requireNonNull(name);
      return this;
    }

    /** -Xmx of each node, default 768m. */
    public Builder nodeHeap(String heap) {
      s.nodeHeap = heap;
      return this;
    }

    /** How long each service may take to become ready; default 5 minutes (busy 2-core boxes). */
    public Builder startTimeout(Duration timeout) {
      s.timeout = timeout;
      return this;
    }

    /** Use an existing database instead of the embedded MariaDB. */
    public Builder externalDatabase(String jdbcUrl, String user, String password) {
      s.externalDbUrl = Objects.requireNonNull(jdbcUrl);
      s.externalDbUser = user;
      s.externalDbPassword = password;
      return this;
    }

    /** Use an existing Artemis broker (core protocol) instead of starting one. */
    public Builder externalBroker(String host, int port, String user, String password) {
      s.externalBrokerHost = Objects.requireNonNull(host);
      s.externalBrokerPort = port;
      s.externalBrokerUser = user;
      s.externalBrokerPassword = password;
      return this;
    }

    /**
     * Use an existing OpenID provider instead of Keycloak; the JWKS location defaults to
     * Keycloak's layout ({@code <issuer>/protocol/openid-connect/certs}).
     */
    public Builder externalIssuer(String issuer) {
      s.externalIssuer = stripSlash(Objects.requireNonNull(issuer));
      return this;
    }

    public Builder externalJwksUri(String jwksUri) {
      s.externalJwksUri = jwksUri;
      return this;
    }

    /** Secret of the {@code auction-console} client; defaults to the development realm's. */
    public Builder consoleClientSecret(String secret) {
      s.consoleClientSecret = Objects.requireNonNull(secret);
      return this;
    }

    /** An extra system property for every node (overrides the generated configuration). */
    public Builder nodeProperty(String key, String value) {
      s.nodeProperties.put(key, value);
      return this;
    }

    public Platform build() {
      if (s.home == null || s.distribution == null) {
        throw new IllegalStateException("home and distribution are required");
      }
      return new Platform(s.clone());
    }

    private static String stripSlash(String uri) {
      return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
  }
}
