package io.gavel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public REST API as the benchmark uses it: password-grant tokens per user (cached, renewed
 * well before their 30 minutes run out) and JSON posts over HTTP/1.1. A few HttpClients are shared
 * round-robin so that one client's selector thread is not the bottleneck on many connections.
 */
final class Api {

  private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(20);

  private final URI base;
  private final URI tokenEndpoint;
  private final HttpClient[] clients;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  private record Token(String value, long fetchedAtNanos) {}

  Api(URI node, URI keycloak, int clientCount) {
    this.base = node.resolve("/api/v1/");
    this.tokenEndpoint = keycloak.resolve("/realms/auction/protocol/openid-connect/token");
    this.clients = new HttpClient[Math.max(1, clientCount)];
    for (int i = 0; i < clients.length; i++) {
      clients[i] =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }
  }

  URI base() {
    return base;
  }

  String token(String user) throws IOException, InterruptedException {
    Token t = tokens.get(user);
    if (t != null && System.nanoTime() - t.fetchedAtNanos < TOKEN_RENEWAL.toNanos()) {
      return t.value;
    }
    synchronized (this) {
      t = tokens.get(user);
      if (t != null && System.nanoTime() - t.fetchedAtNanos < TOKEN_RENEWAL.toNanos()) {
        return t.value;
      }
      String form =
          "grant_type=password&client_id=auction-cli&username=" + enc(user) + "&password=" + enc(user + "-pw");
      HttpResponse<String> r =
          clients[0].send(
              HttpRequest.newBuilder(tokenEndpoint)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("token for " + user + ": HTTP " + r.statusCode() + " " + r.body());
      }
      String value = field(r.body(), "access_token");
      if (value == null) {
        throw new IOException("token for " + user + ": no access_token in " + r.body());
      }
      tokens.put(user, new Token(value, System.nanoTime()));
      return value;
    }
  }

  HttpResponse<String> post(int client, String path, String token, String json) throws IOException, InterruptedException {
    return post(client, path, token, json, null);
  }

  /** A post with an {@code Idempotency-Key}, unless {@code idempotencyKey} is null. */
  HttpResponse<String> post(int client, String path, String token, String json, String idempotencyKey)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return clients[Math.floorMod(client, clients.length)].send(
        request.POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return clients[0].send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static final Map<String, Pattern> FIELDS = new ConcurrentHashMap<>();

  /** A top-level string (or number) field of a flat JSON object; enough for the API's answers. */
  static String field(String json, String name) {
    if (json == null) {
      return null;
    }
    Pattern p =
        FIELDS.computeIfAbsent(
            name, n -> Pattern.compile("\"" + Pattern.quote(n) + "\"\\s*:\\s*(?:\"([^\"]*)\"|(-?[0-9.]+))"));
    Matcher m = p.matcher(json);
    if (!m.find()) {
      return null;
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }
}
