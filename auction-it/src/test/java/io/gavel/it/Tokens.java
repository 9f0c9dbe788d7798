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
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("no token for " + user + ": " + response.body());
    }
    return Json.createReader(new StringReader(response.body())).readObject().getString("access_token");
  }

  /**
   * Creates a user in the development realm through Keycloak's admin API (as the bootstrap
   * administrator), with password name + "-pw" and the realm {@code roles}: someone the
   * application has never seen.
   */
  public static void createUser(String name, String... roles) {
    String admin = fetch("master", "admin-cli", "admin", "admin-dev-pw");
    URI users = SharedPlatform.keycloak().resolve("/admin/realms/auction/users");
    String body =
        Json.createObjectBuilder()
            .add("username", name)
            .add("enabled", true)
            .add("emailVerified", true)
            .add("email", name + "@example.com")
            .add("firstName", name)
            .add("lastName", "Tester")
            .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("type", "password").add("value", name + "-pw").add("temporary", false)))
            .build()
            .toString();
    HttpResponse<String> created = adminCall(admin, HttpRequest.newBuilder(users)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    String location = created.headers().firstValue("Location").orElseThrow(
        () -> new IllegalStateException("user not created: " + created.statusCode() + " " + created.body()));
    java.util.List<String> roleJson = new java.util.ArrayList<>();
    for (String role : roles) {
      roleJson.add(adminCall(admin, HttpRequest.newBuilder(
          SharedPlatform.keycloak().resolve("/admin/realms/auction/roles/" + role)).GET()).body());
    }
    adminCall(admin, HttpRequest.newBuilder(URI.create(location + "/role-mappings/realm"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", roleJson) + "]")));
  }

  private static HttpResponse<String> adminCall(String adminToken, HttpRequest.Builder request) {
    HttpResponse<String> response = send(request.header("Authorization", "Bearer " + adminToken));
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("Keycloak admin call failed: " + response.statusCode() + " " + response.body());
    }
    return response;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
