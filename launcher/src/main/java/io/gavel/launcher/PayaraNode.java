package io.gavel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One Payara Micro instance running {@code auction-web} at {@code /} and {@code auction-admin} at
 * {@code /console}, with the Artemis resource adapter deployed from the post-boot command file.
 *
 * <p>The root folder keeps only {@code logs/} between runs, which holds the XA transaction log
 * (recovery at start-up needs it, see {@link #preBootCommands()}). Everything else is generated
 * from the command line at every start: a reused root with {@code --deploy} deploys the
 * applications twice, and a stale resource-adapter configuration would silently survive a changed
 * broker port.
 */
final class PayaraNode implements Service {

  /** The part of Payara Micro's boot banner that only appears once it has booted. */
  static final String READY = " ready in ";
  /** The deployed applications (file name without .war) and their context roots. */
  static final Map<String, String> APPLICATIONS = applications();
  private static final String KEEP = "logs";
  /** The domain data source that lets recovery at start-up reach the database (see pre-boot). */
  static final String RECOVERY_POOL = "gavel-recovery";

  private final int index;
  private final String name;
  private final Path dir;
  private final Path distribution;
  private final int httpPort;
  private final int hazelcastPort;
  private final List<Integer> members;
  private final String clusterName;
  private final String heap;
  private final SortedMap<String, String> properties;
  private final String brokerParameters;
  private final Duration timeout;
  private final BooleanSupplier aborted;
  private final ServiceProcess process;

  PayaraNode(
      int index,
      Path home,
      Path distribution,
      int httpPort,
      int hazelcastPort,
      List<Integer> members,
      String clusterName,
      String heap,
      Map<String, String> properties,
      String brokerParameters,
      Duration timeout,
      BooleanSupplier aborted) {
    this.index = index;
    this.name = "node" + index;
    this.dir = home.resolve("payara").resolve(name);
    this.distribution = distribution;
    this.httpPort = httpPort;
    this.hazelcastPort = hazelcastPort;
    this.members = List.copyOf(members);
    this.clusterName = clusterName;
    this.heap = heap;
    this.properties = new TreeMap<>(properties);
    this.properties.put("auction.node.name", name);
    this.properties.put("auction.api.base-uri", "http://127.0.0.1:" + httpPort + "/api/v1");
    this.brokerParameters = brokerParameters;
    this.timeout = timeout;
    this.aborted = aborted;
    this.process = new ServiceProcess(name, home, aborted);
  }

  @Override
  public String name() {
    return name;
  }

  int index() {
    return index;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  @Override
  public void start() {
    process.stopLeftovers(); // before the port check: a leftover holds the port
    Readiness.requireFree(name + " HTTP", httpPort);
    Readiness.requireFree(name + " Hazelcast", hazelcastPort);
    List<String> files = new ArrayList<>(List.of("payara-micro.jar", "mysql-connector-j.jar", "artemis-rar.rar"));
    APPLICATIONS.keySet().forEach(app -> files.add(app + ".war"));
    for (String file : files) {
      Archives.requireFile(distribution.resolve(file), "build the launcher: mvn -pl launcher -am package");
    }
    try {
      Path root = dir.resolve("root");
      Files.createDirectories(root);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        for (Path entry : entries) {
          if (!entry.getFileName().toString().equals(KEEP)) {
            Archives.deleteTree(entry);
          }
        }
      }
      Files.createDirectories(dir.resolve("tmp"));
      Files.writeString(dir.resolve("pre-boot.asadmin"), preBootCommands());
      Files.writeString(dir.resolve("post-boot.asadmin"), postBootCommands());
      Files.writeString(dir.resolve("logging.properties"), loggingProperties());
    } catch (IOException e) {
      throw new PlatformException("cannot prepare " + dir, e);
    }
    process.launch(command(), Map.of(), dir);
    URI health = uri().resolve("/health/ready");
    Readiness.await(
        name + " on " + uri(), process, timeout, aborted,
        () -> process.logContains(READY) && deployed() && Readiness.status(health) == 200);
  }

  /**
   * Payara Micro reports itself ready, and its health endpoint UP, even when an application failed
   * to deploy: that must fail the start instead, with the deployment error.
   */
  private boolean deployed() {
    String log = process.logText();
    List<String> missing = new ArrayList<>();
    APPLICATIONS.forEach((app, root) -> {
      if (!log.contains("Loading application [" + app + "] at [" + root + "]")) {
        missing.add(app + " at " + root);
      }
    });
    if (missing.isEmpty()) {
      return true;
    }
    throw new PlatformException(
        name + ": Payara Micro started but did not deploy " + missing + "\n" + deploymentError(log)
            + "(full log: " + process.log() + ")");
  }

  static String deploymentError(String log) {
    List<String> lines = log.lines().collect(Collectors.toList());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("Exception while loading the app")
          || lines.get(i).contains("Exception while deploying")) {
        return String.join("\n", lines.subList(i, Math.min(lines.size(), i + 15))) + "\n";
      }
    }
    return "";
  }
  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    // --interfaces only picks the member address; without this Hazelcast still listens on *:port
    command.add("-Dhazelcast.socket.bind.any=false");
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(distribution.resolve("payara-micro.jar").toString());
    command.addAll(
        List.of(
            "--name", name,
            "--clustername", clusterName,
            "--port", Integer.toString(httpPort),
            "--startport", Integer.toString(hazelcastPort),
            "--interfaces", "127.0.0.1",
            // explicit members: a port range crashes Payara with NumberFormatException
            "--clustermode", "tcpip:" + members.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")),
            "--nohostaware", // every member shares 127.0.0.1: host-aware partitioning would keep no backups
            "--disablephonehome",
            "--addlibs", distribution.resolve("mysql-connector-j.jar").toString(),
            "--rootdir", dir.resolve("root").toString(),
            "--prebootcommandfile", dir.resolve("pre-boot.asadmin").toString(),
            "--postbootcommandfile", dir.resolve("post-boot.asadmin").toString(),
            "--logproperties", dir.resolve("logging.properties").toString()));
    // Payara's own "file:context-root" form
    APPLICATIONS.forEach((app, root) -> command.addAll(List.of("--deploy", distribution.resolve(app + ".war") + ":" + root)));
    return command;
  }

  /** Payara Micro's own logging configuration, minus the ANSI colours that litter the log file. */
  private String loggingProperties() throws IOException {
    try (ZipFile jar = new ZipFile(distribution.resolve("payara-micro.jar").toFile())) {
      ZipEntry entry = jar.getEntry("MICRO-INF/domain/logging.properties");
      if (entry == null) {
        return "";
      }
      try (InputStream in = jar.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace("ansiColor=true", "ansiColor=false");
      }
    }
  }

  private static Map<String, String> applications() {
    Map<String, String> apps = new LinkedHashMap<>();
    apps.put("auction-web", "/");
    apps.put("auction-admin", "/console");
    return Collections.unmodifiableMap(apps);
  }

  /**
   * Runs before the server starts: binds the HTTP listener to loopback (it would otherwise bind
   * every interface), and makes the node finish, when it starts, the two-phase commits it left
   * unfinished when it last died.
   *
   * <p>A node killed between a batch's XA PREPARE and its XA COMMIT leaves the database branch
   * prepared: MariaDB keeps it, with its row locks, after the connection is gone, so the auctions
   * it wrote take no bid and cannot close until the transaction manager that logged it decides it.
   * Payara Micro's recovery at start-up does that from the log kept under the root folder's
   * {@code logs/} (commit what it logged as committed, roll back the rest), but only over the XA
   * resources the domain configuration declares: the application's own data source is declared by
   * the application, deployed after recovery ran. So the node also declares a domain data source
   * on the same database, used for nothing but recovery (no connection is kept open).
   *
   * <p>Recovery must finish only the branches of this node's own transactions. A transaction id
   * names its transaction manager as {@code <xa-servername>,server,P100}: the transaction
   * service's {@code xa-servername} (the host name by default), then an instance name and a server
   * id that are the same for every Payara Micro instance. Nodes sharing a host (as here) would
   * therefore all sign their transactions alike; each node uses its own name instead.
   */
  String preBootCommands() {
    return "set configs.config.server-config.network-config.network-listeners.network-listener"
        + ".http-listener.address=127.0.0.1\n"
        + "set configs.config.server-config.transaction-service.automatic-recovery=true\n"
        + "set configs.config.server-config.transaction-service.property.xa-servername=" + name + "\n"
        + "create-jdbc-connection-pool --datasourceclassname com.mysql.cj.jdbc.MysqlXADataSource"
        + " --restype javax.sql.XADataSource --steadypoolsize 0 --maxpoolsize 2 --property "
        + "url=" + escape(properties.getOrDefault("auction.db.url", ""))
        + ":user=" + escape(properties.getOrDefault("auction.db.user", ""))
        + ":password=" + escape(properties.getOrDefault("auction.db.password", ""))
        + " " + RECOVERY_POOL + "\n"
        + "create-jdbc-resource --connectionpoolid " + RECOVERY_POOL + " jdbc/" + RECOVERY_POOL + "\n";
  }

  /**
   * Runs after boot and before the {@code --deploy} archives, so the resource adapter is deployed
   * and configured before the applications that use it.
   */
  String postBootCommands() {
    return "create-resource-adapter-config --property " + brokerParameters + " artemis-rar\n"
        + "deploy --name artemis-rar --type rar " + distribution.resolve("artemis-rar.rar") + "\n";
  }

  /**
   * The resource adapter's connection properties in asadmin syntax: properties separated by
   * {@code :}, and {@code =}, {@code :} and {@code \} inside a value escaped with a backslash.
   */
  static String brokerParameters(String host, int port, String user, String password) {
    return "ConnectionParameters=" + escape("host=" + host + ";port=" + port)
        + ":UserName=" + escape(user)
        + ":Password=" + escape(password);
  }

  static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '\\' || c == ':' || c == '=') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  @Override
  public void stop() {
    process.stop();
  }

  /** Kills the node outright (SIGKILL), as a crash would. */
  void kill() {
    process.kill();
  }

  ServiceProcess process() {
    return process;
  }

  @Override
  public String toString() {
    return name + " on " + uri();
  }
}
