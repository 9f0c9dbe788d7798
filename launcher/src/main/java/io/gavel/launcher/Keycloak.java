package io.gavel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Keycloak with the development realm {@code auction}, its data in the dev-file (H2) database
 * inside the unpacked distribution.
 *
 * <p>The realm is imported only when Keycloak does not know it yet. To keep the realm in step with
 * the JSON in this module, the launcher remembers the hash of the JSON it imported and discards
 * Keycloak's database when the JSON changes; that also rotates the signing keys, which is harmless
 * because the Payara nodes (which cache the JWKS) always start after Keycloak.
 */
final class Keycloak implements Service {

  static final String REALM = "auction";
  static final String ADMIN_USER = "admin";
  static final String ADMIN_PASSWORD = "admin-dev-pw";
  static final String REALM_RESOURCE = "/dev-realm/auction-realm.json";
  /** The users of {@code dev-realm/auction-realm.json} and their realm roles, for the CLI's summary. */
  static final Map<String, String> DEMO_USERS = demoUsers();
  private static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--health-enabled=true");
  private static final String BUILT_MARKER = ".gavel-built";
  private static final String REALM_MARKER = ".gavel-realm";

  private static final Logger LOG = Logger.getLogger(Keycloak.class.getName());

  private final Path dir;
  private final Path zip;
  private final int port;
  private final int managementPort;
  private final Duration timeout;
  private final BooleanSupplier aborted;
  private final ServiceProcess process;

  Keycloak(Path home, Path distribution, int port, int managementPort, Duration timeout, BooleanSupplier aborted) {
    this.dir = home.resolve("keycloak");
    this.zip = distribution.resolve("keycloak-quarkus-dist.zip");
    this.port = port;
    this.managementPort = managementPort;
    this.timeout = timeout;
    this.aborted = aborted;
    this.process = new ServiceProcess("keycloak", home, aborted);
  }

  @Override
  public String name() {
    return "keycloak";
  }

  /** The issuer the applications expect: fixed by {@code --hostname}, whatever host clients use. */
  static String issuer(int port) {
    return "http://localhost:" + port + "/realms/" + REALM;
  }

  @Override
  public void start() {
    process.stopLeftovers(); // before the port check: a leftover holds the port
    Readiness.requireFree("Keycloak", port);
    Readiness.requireFree("Keycloak management", managementPort);
    Archives.requireFile(zip, "build the launcher: mvn -pl launcher -am package");
    Path dist = dir.resolve("dist");
    boolean unpacked = Archives.unpackOnce(zip, dist);
    try {
      build(dist, unpacked);
      importRealm(dist);
    } catch (IOException e) {
      throw new PlatformException("cannot prepare Keycloak in " + dist, e);
    }
    process.launch(startCommand(dist), env(), dist);
    URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
    URI realm = URI.create("http://127.0.0.1:" + port + "/realms/" + REALM + "/.well-known/openid-configuration");
    Readiness.await(
        "Keycloak on 127.0.0.1:" + port, process, timeout, aborted,
        () -> Readiness.status(health) == 200 && Readiness.status(realm) == 200);
  }

  /** {@code kc.sh build} is slow (30-60 s): only when the distribution or the options are new. */
  private void build(Path dist, boolean unpacked) throws IOException {
    Path marker = dist.resolve(BUILT_MARKER);
    String identity = String.join(" ", BUILD_OPTIONS);
    if (!unpacked && Files.exists(marker) && Files.readString(marker).equals(identity)) {
      return;
    }
    LOG.info("Building Keycloak (once, about a minute)");
    List<String> command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString(), "build"));
    command.addAll(BUILD_OPTIONS);
    process.runStep("build", command, env(), dist, Duration.ofMinutes(10));
    Files.writeString(marker, identity);
  }

  private void importRealm(Path dist) throws IOException {
    byte[] realm;
    try (InputStream in = Keycloak.class.getResourceAsStream(REALM_RESOURCE)) {
      if (in == null) {
        throw new PlatformException("resource " + REALM_RESOURCE + " missing from the launcher");
      }
      realm = in.readAllBytes();
    }
    Path data = dist.resolve("data");
    Path marker = data.resolve(REALM_MARKER);
    String hash = sha256(realm);
    Path database = data.resolve("h2");
    if (Files.exists(database) && !(Files.exists(marker) && Files.readString(marker).equals(hash))) {
      LOG.info("The development realm changed: re-creating Keycloak's database from it");
      Archives.deleteTree(database);
    }
    Path imports = data.resolve("import");
    Files.createDirectories(imports);
    Files.write(imports.resolve(REALM + "-realm.json"), realm);
    Files.writeString(marker, hash);
  }

  List<String> startCommand(Path dist) {
    return List.of(
        dist.resolve("bin/kc.sh").toString(), "start", "--optimized",
        // without it Keycloak clusters through JGroups on 7800/57800
        "--cache=local",
        "--http-enabled=true",
        "--http-host=127.0.0.1", // the management interface inherits it
        "--http-port=" + port,
        "--http-management-port=" + managementPort,
        "--hostname=http://localhost:" + port,
        "--import-realm");
  }

  private static Map<String, String> env() {
    return Map.of(
        "JAVA_HOME", System.getProperty("java.home"),
        "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
        "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
        "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
        // C1 only: roughly halves Keycloak's start-up CPU, plenty for development and tests
        "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
  }

  private static Map<String, String> demoUsers() {
    Map<String, String> users = new LinkedHashMap<>();
    for (String bidder : List.of("alice", "bob", "carol", "dave", "erin")) {
      users.put(bidder, "bidder");
    }
    users.put("sam", "seller, bidder");
    users.put("sid", "seller");
    users.put("stella", "staff");
    users.put("adam", "admin");
    return Collections.unmodifiableMap(users);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    process.stop();
  }

  ServiceProcess process() {
    return process;
  }

  @Override
  public String toString() {
    return "Keycloak on 127.0.0.1:" + port;
  }
}
