package io.gavel.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The Artemis broker, the production shape: a standalone broker instance created from the
 * distribution with {@code artemis create}.
 *
 * <p>Message data lives in {@code <home>/artemis/data}, outside the instance folder, so the
 * instance (configuration and scripts, which bake in the ports) can be re-created whenever the
 * ports change without losing messages.
 */
final class Broker implements Service {

  static final String USER = "gavel";
  static final String PASSWORD = "gavel-dev-broker";
  /** AMQ221007: Server is now active. */
  private static final String ACTIVE = "AMQ221007";
  private static final String INSTANCE_MARKER = ".gavel-instance";

  private static final Logger LOG = Logger.getLogger(Broker.class.getName());

  private final Path dir;
  private final Path zip;
  private final int port;
  private final int consolePort;
  private final Duration timeout;
  private final BooleanSupplier aborted;
  private final ServiceProcess process;

  Broker(Path home, Path distribution, int port, int consolePort, Duration timeout, BooleanSupplier aborted) {
    this.dir = home.resolve("artemis");
    this.zip = distribution.resolve("apache-artemis-bin.zip");
    this.port = port;
    this.consolePort = consolePort;
    this.timeout = timeout;
    this.aborted = aborted;
    this.process = new ServiceProcess("artemis", home, aborted);
  }

  @Override
  public String name() {
    return "artemis";
  }

  @Override
  public void start() {
    process.stopLeftovers(); // before the port check: a leftover holds the port
    Readiness.requireFree("Artemis", port);
    if (consolePort > 0) {
      Readiness.requireFree("Artemis console", consolePort);
    }
    Archives.requireFile(zip, "build the launcher: mvn -pl launcher -am package");
    Path dist = dir.resolve("dist");
    boolean unpacked = Archives.unpackOnce(zip, dist);
    Path instance = dir.resolve("instance");
    List<String> create = createCommand(dist, instance);
    String identity = String.join(" ", create) + " + " + String.join(" + ", JOURNAL_SETTINGS);
    try {
      Path marker = instance.resolve(INSTANCE_MARKER);
      if (unpacked || !Files.exists(marker) || !Files.readString(marker).equals(identity)) {
        LOG.info("Creating the Artemis broker instance (once)");
        Archives.deleteTree(instance);
        process.runStep("create", create, env(), dir, Duration.ofMinutes(3));
        Path config = instance.resolve("etc/broker.xml");
        Files.writeString(config, tuned(Files.readString(config)));
        Files.writeString(marker, identity);
      }
    } catch (IOException e) {
      throw new PlatformException("cannot create the Artemis instance in " + instance, e);
    }
    process.launch(List.of(instance.resolve("bin/artemis").toString(), "run"), env(), instance);
    Readiness.await(
        "Artemis on 127.0.0.1:" + port, process, timeout, aborted,
        () -> Readiness.portOpen("127.0.0.1", port) && process.logContains(ACTIVE));
  }

  /**
   * {@code artemis create} sizes the journal's write buffer by timing this disk's syncs (0.64 ms
   * on the benchmark machine): a transactional write waits for that buffer's timer before its
   * sync. Every bid batch is an XA transaction whose prepare and commit each wait for a sync, one
   * after the other, so on a lightly loaded broker the timer could add up to 1.3 ms to a batch of
   * about 5 ms. Without the buffer each sync is written at once. The price is that concurrent
   * transactions no longer share a sync: right for one bid worker per node, to be measured again
   * if many transactions ever reach the broker at once.
   */
  static final String NO_JOURNAL_BUFFER = "<journal-buffer-timeout>0</journal-buffer-timeout>";

  /**
   * The broker does not wait for the disk at a transaction's prepare and commit. Every message the
   * application sends is non-persistent (auction events on a topic whose subscriptions are
   * non-durable; the database's event log is the durable record, and a watcher that misses one
   * replays the gap from it), and non-persistent messages are never written to the journal: a
   * synced prepare or commit record would only record a transaction whose messages a broker crash
   * loses anyway. Payara's transaction log and MariaDB still sync their side of every two-phase
   * commit. If a persistent message ever joins these transactions, this must go.
   */
  static final String NO_TRANSACTIONAL_SYNC = "<journal-sync-transactional>false</journal-sync-transactional>";

  /** What the launcher sets in the created instance's journal; part of the instance's identity. */
  static final List<String> JOURNAL_SETTINGS = List.of(NO_JOURNAL_BUFFER, NO_TRANSACTIONAL_SYNC);

  /** {@code brokerXml} with every one of {@link #JOURNAL_SETTINGS}. */
  static String tuned(String brokerXml) {
    String tuned = brokerXml;
    for (String setting : JOURNAL_SETTINGS) {
      tuned = withSetting(tuned, setting);
    }
    return tuned;
  }

  /**
   * {@code brokerXml} with the journal setting {@code element} (a whole element such as {@code
   * <a>1</a>}) replacing the one it had, or added after the journal type if it had none.
   */
  static String withSetting(String brokerXml, String element) {
    String name = element.substring(1, element.indexOf('>'));
    String tuned = brokerXml.replaceAll("<" + name + ">[^<]*</" + name + ">", element);
    if (tuned.contains(element)) {
      return tuned;
    }
    if (!brokerXml.contains("</journal-type>")) {
      throw new PlatformException("etc/broker.xml has no <journal-type> to put " + element + " after");
    }
    return brokerXml.replaceFirst("</journal-type>", "</journal-type>\n      " + element);
  }

  List<String> createCommand(Path dist, Path instance) {
    List<String> command = new ArrayList<>(List.of(
        dist.resolve("bin/artemis").toString(), "create", instance.toString(),
        "--user", USER, "--password", PASSWORD, "--require-login",
        "--host", "127.0.0.1"));
    if (consolePort > 0) {
      command.addAll(List.of("--http-host", "127.0.0.1", "--http-port", Integer.toString(consolePort)));
    } else {
      command.add("--no-web");
    }
    command.addAll(List.of(
        "--default-port", Integer.toString(port),
        "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
        // written into etc/artemis.profile as -Xmx
        "--java-memory", "512M",
        "--data", dir.resolve("data").toString(),
        "--silent"));
    return command;
  }

  private static Map<String, String> env() {
    // Same JDK as the launcher, whatever JAVA_HOME the shell happens to have.
    return Map.of("JAVA_HOME", System.getProperty("java.home"));
  }

  @Override
  public void stop() {
    process.stop();
  }

  ServiceProcess process() {
    return process;
  }

  static String uri(String host, int port) {
    return "tcp://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return "Artemis on 127.0.0.1:" + port;
  }
}
