package io.gavel.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line's configuration: environment variables, each overridable by an argument of the
 * form {@code --http-port=8081} (the variable's name without {@code GAVEL_}, lower case, dashes).
 *
 * <p>Setting {@code AUCTION_DB_URL}, {@code AUCTION_BROKER_HOST} or {@code AUCTION_OIDC_ISSUER}
 * uses that existing service instead of starting one, as production would.
 */
final class LaunchOptions {

  private final Map<String, String> values = new HashMap<>();

  LaunchOptions(Map<String, String> env, List<String> args) {
    values.putAll(env);
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String key = arg.substring(2, arg.indexOf('='));
      String name = key.toUpperCase(Locale.ROOT).replace('-', '_');
      values.put(name.startsWith("AUCTION_") ? name : "GAVEL_" + name, arg.substring(arg.indexOf('=') + 1));
    }
  }

  Path home() {
    return Path.of(get("GAVEL_HOME", "var")).toAbsolutePath().normalize();
  }

  Platform.Builder builder(Path defaultDistribution) {
    Platform.Builder builder =
        Platform.builder()
            .home(home())
            .distribution(Path.of(get("GAVEL_DIST", defaultDistribution.toString())))
            .httpPort(number("GAVEL_HTTP_PORT", 8080))
            .nodes(number("GAVEL_NODES", 1))
            .hazelcastPort(number("GAVEL_HAZELCAST_PORT", 5900))
            .clusterName(get("GAVEL_CLUSTER_NAME", "gavel-dev"))
            .databasePort(number("GAVEL_DB_PORT", 3307))
            .brokerPort(number("GAVEL_BROKER_PORT", 61616))
            .brokerConsolePort(number("GAVEL_BROKER_CONSOLE_PORT", 8161))
            .keycloakPort(number("GAVEL_KEYCLOAK_PORT", 8180))
            .keycloakManagementPort(number("GAVEL_KEYCLOAK_MANAGEMENT_PORT", 9180))
            .nodeHeap(get("GAVEL_NODE_HEAP", "768m"));
    if (values.containsKey("AUCTION_DB_URL")) {
      builder.externalDatabase(
          values.get("AUCTION_DB_URL"), get("AUCTION_DB_USER", "auction"), get("AUCTION_DB_PASSWORD", ""));
    }
    if (values.containsKey("AUCTION_BROKER_HOST")) {
      builder.externalBroker(
          values.get("AUCTION_BROKER_HOST"), number("AUCTION_BROKER_PORT", 61616),
          get("AUCTION_BROKER_USER", Broker.USER), get("AUCTION_BROKER_PASSWORD", ""));
    }
    if (values.containsKey("AUCTION_OIDC_ISSUER")) {
      builder.externalIssuer(values.get("AUCTION_OIDC_ISSUER"));
      if (values.containsKey("AUCTION_JWT_PUBLICKEY_LOCATION")) {
        builder.externalJwksUri(values.get("AUCTION_JWT_PUBLICKEY_LOCATION"));
      }
    }
    if (values.containsKey("AUCTION_CONSOLE_CLIENT_SECRET")) {
      builder.consoleClientSecret(values.get("AUCTION_CONSOLE_CLIENT_SECRET"));
    }
    return builder;
  }

  boolean embeddedKeycloak() {
    return !values.containsKey("AUCTION_OIDC_ISSUER");
  }

  private String get(String name, String fallback) {
    String value = values.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private int number(String name, int fallback) {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got " + value);
    }
  }
}
