package io.gavel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bidders of a run: {@code bench-bidder-01} … as Keycloak users with the {@code bidder} role,
 * created through Keycloak's admin API when missing (password: the name plus {@code -pw}, as for
 * the demo users). One user per client, as in an auction room where every connection is a
 * person: five demo users shared by 32 connections would send each outbid alert to six or seven
 * connections at once, which no real bidder has.
 */
final class BenchBidders {

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  private final URI keycloak;
  private final String adminUser;
  private final String adminPassword;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  BenchBidders(URI keycloak, String adminUser, String adminPassword) {
    this.keycloak = keycloak;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
  }

  /** The names of {@code count} bench bidders, each created in the auction realm if missing. */
  List<String> ensure(int count) throws IOException, InterruptedException {
    String token = adminToken();
    String role = send(token, "GET", "roles/bidder", null, 200);
    List<String> names = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String name = String.format(Locale.ROOT, "bench-bidder-%02d", i);
      names.add(name);
      String byName = "users?exact=true&username=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
      if (ID.matcher(send(token, "GET", byName, null, 200)).find()) {
        continue;
      }
      send(token, "POST", "users",
          "{\"username\":\"" + name + "\",\"enabled\":true,\"emailVerified\":true,\"email\":\"" + name
              + "@bench.example\",\"firstName\":\"Bench\",\"lastName\":\"Bidder " + i + "\","
              + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + name + "-pw\",\"temporary\":false}]}",
          201);
      Matcher id = ID.matcher(send(token, "GET", byName, null, 200));
      if (!id.find()) {
        throw new IOException("user " + name + " was created but cannot be found");
      }
      send(token, "POST", "users/" + id.group(1) + "/role-mappings/realm", "[" + role + "]", 204);
    }
    return names;
  }

  private String adminToken() throws IOException, InterruptedException {
    String form = "grant_type=password&client_id=admin-cli&username=" + URLEncoder.encode(adminUser, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(keycloak.resolve("/realms/master/protocol/openid-connect/token"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    String token = Api.field(r.body(), "access_token");
    if (r.statusCode() != 200 || token == null) {
      throw new IOException("Keycloak admin token: HTTP " + r.statusCode() + " " + r.body());
    }
    return token;
  }

  private String send(String token, String method, String path, String json, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(keycloak.resolve("/admin/realms/auction/" + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
    if (json != null) {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
