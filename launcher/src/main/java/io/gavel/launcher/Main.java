package io.gavel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code gavel start} runs the platform in the foreground until Ctrl-C (or {@code gavel stop});
 * {@code gavel stop} stops the instance recorded in {@code <home>/gavel.pid}.
 */
public final class Main {

  static {
    // Before any logger exists: see LauncherLogManager.
    System.setProperty("java.util.logging.manager", LauncherLogManager.class.getName());
  }

  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  /** Marks our own process in the PID file check, so a recycled PID is never signalled. */
  private static final String JAR = "gavel-launcher";
  private static final Duration STOP_WAIT = Duration.ofMinutes(3);
  private static final PrintStream OUT = System.out; // the CLI's user-facing output

  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "help" : args[0];
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    int status;
    try {
      switch (command) {
        case "start":
          status = start(new LaunchOptions(System.getenv(), rest));
          break;
        case "stop":
          status = stop(new LaunchOptions(System.getenv(), rest));
          break;
        default:
          OUT.println("usage: gavel start [--name=value...] | gavel stop");
          OUT.println("  settings: GAVEL_HOME, GAVEL_HTTP_PORT, GAVEL_NODES, GAVEL_KEYCLOAK_PORT, ... (see README)");
          status = command.equals("help") ? 0 : 2;
      }
    } catch (IllegalArgumentException e) {
      System.err.println("gavel: " + e.getMessage());
      status = 2;
    }
    System.exit(status);
  }

  private static int start(LaunchOptions options) {
    Path home = options.home();
    Path pidFile = home.resolve("gavel.pid");
    try {
      Files.createDirectories(home.resolve("logs"));
    } catch (IOException e) {
      System.err.println("gavel: cannot create " + home + ": " + e.getMessage());
      return 1;
    }
    LauncherLogManager logManager = configureLogging(home);
    Optional<ProcessHandle> running = runningInstance(pidFile);
    if (running.isPresent()) {
      System.err.println("gavel: already running as PID " + running.get().pid() + " (gavel stop)");
      return 1;
    }
    Platform platform = options.builder(defaultDistribution()).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping Gavel");
                  platform.close();
                  deleteQuietly(pidFile);
                  LOG.info("Gavel stopped");
                  stopped.countDown();
                  if (logManager != null) {
                    logManager.release();
                  }
                },
                "gavel-shutdown"));
    try {
      Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
      platform.start();
    } catch (PlatformException e) {
      LOG.log(Level.SEVERE, "Gavel did not start: {0}", e.getMessage());
      return 1;
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "cannot write " + pidFile, e);
      return 1;
    }
    printSummary(platform, options.embeddedKeycloak());
    try {
      stopped.await(); // until SIGINT/SIGTERM runs the hook; System.exit is never reached before
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static int stop(LaunchOptions options) {
    Path pidFile = options.home().resolve("gavel.pid");
    Optional<ProcessHandle> running = runningInstance(pidFile);
    if (running.isEmpty()) {
      OUT.println("gavel: not running (no live PID in " + pidFile + ")");
      return 0;
    }
    ProcessHandle launcher = running.get();
    OUT.println("Stopping Gavel (PID " + launcher.pid() + ") ...");
    launcher.destroy();
    try {
      launcher.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
      OUT.println("Gavel stopped.");
      return 0;
    } catch (Exception e) {
      System.err.println("gavel: PID " + launcher.pid() + " still running after " + STOP_WAIT.toSeconds() + " s");
      return 1;
    }
  }

  /** The PID in the file, if that process is alive and really is a Gavel launcher. */
  static Optional<ProcessHandle> runningInstance(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.pid() != ProcessHandle.current().pid())
          .filter(h -> h.info().commandLine().map(c -> c.contains(JAR)).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void printSummary(Platform platform, boolean embeddedKeycloak) {
    String keycloak = platform.keycloakUri().toString().replaceAll("/$", "");
    StringBuilder s = new StringBuilder();
    s.append('\n').append("Gavel is running. Stop it with Ctrl-C or ./gavel stop.\n\n");
    for (int i = 0; i < platform.nodeCount(); i++) {
      String base = "http://localhost:" + platform.nodeUri(i).getPort();
      String ws = "ws://localhost:" + platform.nodeUri(i).getPort();
      if (platform.nodeCount() > 1) {
        s.append("node").append(i).append('\n');
      }
      s.append(String.format("  REST API    %s/api/v1%n", base));
      s.append(String.format("  WebSocket   %s/ws/auctions%n", ws));
      s.append(String.format("  Bidder page %s/bidder/index.html?auction=ID%n", base));
      s.append(String.format("  Console     %s/console/%n", base));
      s.append(String.format("  Health      %s/health/ready%n", base));
    }
    s.append(String.format("  Keycloak    %s  (admin console: %s/admin/, admin / %s)%n",
        keycloak, keycloak, embeddedKeycloak ? Keycloak.ADMIN_PASSWORD : "-"));
    platform.brokerConsoleUri().ifPresent(u -> s.append(String.format("  Artemis     %s  (%s / %s)%n", u, Broker.USER, Broker.PASSWORD)));
    s.append(String.format("  Database    %s  (%s / %s)%n", platform.jdbcUrl(), platform.dbUser(), platform.dbPassword()));
    s.append(String.format("  Logs        %s%n", platform.home().resolve("logs")));
    if (embeddedKeycloak) {
      s.append("\nDemo users (password = user name + \"-pw\")\n");
      s.append("  user     roles\n");
      for (Map.Entry<String, String> user : Keycloak.DEMO_USERS.entrySet()) {
        s.append(String.format("  %-8s %s%n", user.getKey(), user.getValue()));
      }
      s.append("\nA token for the API:\n");
      s.append(String.format(
          "  curl -s -d grant_type=password -d client_id=auction-cli -d username=alice -d password=alice-pw \\%n"
              + "    %s/protocol/openid-connect/token%n", platform.issuer()));
    }
    OUT.println(s);
    OUT.flush();
  }

  private static Path defaultDistribution() {
    try {
      Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getParent().resolve("dist");
    } catch (URISyntaxException | SecurityException e) {
      return Path.of("launcher", "target", "dist");
    }
  }

  /**
   * Console: the launcher's own progress; file {@code logs/launcher.log}: everything. Returns the
   * manager whose final reset the shutdown hook releases (null if another manager was forced).
   */
  private static LauncherLogManager configureLogging(Path home) {
    LogManager manager = LogManager.getLogManager();
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.INFO);
    console.setFormatter(new ShortFormat());
    console.setFilter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
        || (r.getLoggerName() != null && r.getLoggerName().startsWith("io.gavel")));
    root.addHandler(console);
    try {
      FileHandler file = new FileHandler(home.resolve("logs").resolve("launcher.log").toString(), true);
      file.setLevel(Level.ALL);
      file.setFormatter(new ShortFormat());
      root.addHandler(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "no launcher.log: {0}", e.getMessage());
    }
    Logger.getLogger("io.gavel").setLevel(Level.FINE);
    if (manager instanceof LauncherLogManager) {
      ((LauncherLogManager) manager).holdResets();
      return (LauncherLogManager) manager;
    }
    return null;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot delete " + file, e);
    }
  }

  /** {@code 12:34:56 message}, plus the level when it is a warning or worse. */
  private static final class ShortFormat extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Override
    public String format(LogRecord r) {
      StringBuilder s = new StringBuilder(LocalTime.now().format(TIME)).append(' ');
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        s.append(r.getLevel().getName()).append(' ');
      }
      s.append(formatMessage(r)).append(System.lineSeparator());
      if (r.getThrown() != null) {
        s.append("  ").append(r.getThrown()).append(System.lineSeparator());
      }
      return s.toString();
    }
  }
}
