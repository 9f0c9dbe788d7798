package io.gavel.it;

import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real access tokens from the development realm (password grant of the public CLI client). */
public final class Tokens {

  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Tokens() {}

  /** A token for one of the demo users (password = name + "-pw"). */
  public static String of(String user) {
    return CACHE.computeIfAbsent(user, u -> fetch("auction", "auction-cli", u, u + "-pw"));
  }

  /**
   * A fresh token from any realm and client of the platform's Keycloak, with a password grant:
   * for tokens the application must refuse (another realm, another audience, a short life).
   */
  public static String fetch(String realm, String client, String user, String password) {
    String form =
        "grant_type=password&client_id="
            + URLEncoder.encode(client, StandardCharsets.UTF_8)
            + "&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    URI endpoint =
        SharedPlatform.keycloak().resolve("/realms/" + realm + "/protocol/openid-connect/token");
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(endpoint)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("no token for " + user + ": " + response.body());
      }
      return Json.createReader(new StringReader(response.body()))
          .readObject()
          .getString("access_token");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
