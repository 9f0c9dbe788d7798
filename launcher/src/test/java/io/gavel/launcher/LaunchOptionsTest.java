package io.gavel.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

  private static final Path DIST = Path.of("/opt/dist");

  @Test
  void defaultsToTheDevelopmentPortsAndEmbeddedServices() {
    Platform platform = new LaunchOptions(Map.of("GAVEL_HOME", "/srv/gavel"), List.of()).builder(DIST).build();

    assertThat(platform.nodeUri(0)).hasToString("http://127.0.0.1:8080");
    assertThat(platform.issuer()).isEqualTo("http://localhost:8180/realms/auction");
    assertThat(platform.jdbcUrl())
        .isEqualTo("jdbc:mysql://127.0.0.1:3307/auction?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectionTimeZone=UTC");
    assertThat(platform.brokerUri()).isEqualTo("tcp://127.0.0.1:61616");
    assertThat(platform.brokerConsoleUri()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(8161));
    assertThat(platform.home()).isEqualTo(Path.of("/srv/gavel"));
  }

  @Test
  void argumentsOverrideEnvironmentVariables() {
    Platform platform =
        new LaunchOptions(
                Map.of("GAVEL_HOME", "/srv/gavel", "GAVEL_HTTP_PORT", "9090", "GAVEL_KEYCLOAK_PORT", "8280"),
                List.of("--http-port=7070", "--nodes=2"))
            .builder(DIST)
            .build();

    assertThat(platform.nodeCount()).isEqualTo(2);
    assertThat(platform.nodeUri(1)).hasToString("http://127.0.0.1:7071");
    assertThat(platform.keycloakUri()).hasToString("http://localhost:8280/");
  }

  @Test
  void existingServicesReplaceTheEmbeddedOnes() {
    Platform platform =
        new LaunchOptions(
                Map.of(
                    "GAVEL_HOME", "/srv/gavel",
                    "AUCTION_DB_URL", "jdbc:mysql://db.internal:3306/auction",
                    "AUCTION_DB_PASSWORD", "s3cret",
                    "AUCTION_BROKER_HOST", "mq.internal",
                    "AUCTION_BROKER_PASSWORD", "mq-pw",
                    "AUCTION_OIDC_ISSUER", "https://login.example.com/realms/auction/"),
                List.of())
            .builder(DIST)
            .build();

    assertThat(platform.jdbcUrl()).isEqualTo("jdbc:mysql://db.internal:3306/auction");
    assertThat(platform.dbUser()).isEqualTo("auction");
    assertThat(platform.dbPassword()).isEqualTo("s3cret");
    assertThat(platform.brokerUri()).isEqualTo("tcp://mq.internal:61616");
    assertThat(platform.brokerConsoleUri()).isEmpty();
    assertThat(platform.issuer()).isEqualTo("https://login.example.com/realms/auction");
    assertThat(platform.applicationProperties())
        .containsEntry("auction.jwt.jwks-uri", "https://login.example.com/realms/auction/protocol/openid-connect/certs")
        .containsEntry("auction.broker.password", "mq-pw");
  }

  @Test
  void rejectsMalformedArguments() {
    assertThatThrownBy(() -> new LaunchOptions(Map.of(), List.of("--nodes")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LaunchOptions(Map.of("GAVEL_HTTP_PORT", "eighty"), List.of()).builder(DIST))
        .hasMessageContaining("GAVEL_HTTP_PORT");
  }
}
