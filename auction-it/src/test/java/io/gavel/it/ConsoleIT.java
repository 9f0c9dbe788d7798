package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The staff console signs people in through Keycloak. */
class ConsoleIT {

  @Test
  void anAnonymousVisitorIsSentToKeycloak() throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(SharedPlatform.node(0).resolve("/console/")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isIn(302, 303);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .startsWith(
            SharedPlatform.keycloak().resolve("/realms/auction/protocol/openid-connect/auth").toString())
        .contains("client_id=auction-console");
  }
}
