package io.gavel.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A black-box client of the public REST contract on one node. */
public final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final URI base;

  public Api(URI node) {
    this.base = node.resolve("/api/v1/");
  }

  public static Api node(int i) {
    return new Api(SharedPlatform.node(i));
  }

  /** One HTTP answer. */
  public record Reply(
      int status, String contentType, String body, Optional<String> location, Optional<String> retryAfter) {

    public JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }

    public JsonStructure structure() {
      return Json.createReader(new StringReader(body)).read();
    }

    public boolean isProblem() {
      return contentType != null && contentType.startsWith("application/problem+json");
    }
  }

  public Reply get(String path, String user) {
    return send(request(path, user).GET());
  }

  /** A GET with {@code token} as it is, valid or not. */
  public Reply getWithToken(String path, String token) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  public Reply post(String path, String user, String body) {
    return json("POST", path, user, body, null);
  }

  /**
   * {@link #post(String, String, String)}, as a polite client sends it: a {@code 429} is waited out
   * for as long as its {@code Retry-After} says, and the request sent again.
   */
  public Reply postWaitingOutRateLimit(String path, String user, String body) {
    while (true) {
      Reply reply = post(path, user, body);
      if (reply.status() != 429) {
        return reply;
      }
      try {
        Thread.sleep(Long.parseLong(reply.retryAfter().orElseThrow()) * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public Reply post(String path, String user, String body, String idempotencyKey) {
    return json("POST", path, user, body, idempotencyKey);
  }

  public Reply put(String path, String user, String body) {
    return json("PUT", path, user, body, null);
  }

  public Reply put(String path, String user, String body, String idempotencyKey) {
    return json("PUT", path, user, body, idempotencyKey);
  }

  public Reply patch(String path, String user, String body) {
    return json("PATCH", path, user, body, null);
  }

  /** A JSON body sent with {@code method}, under {@code idempotencyKey} unless it is null. */
  private Reply json(String method, String path, String user, String body, String idempotencyKey) {
    HttpRequest.Builder b = request(path, user).header("Content-Type", "application/json");
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return send(b.method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A PUT of raw bytes (a file upload). */
  public Reply putBytes(String path, String user, byte[] body, String contentType) {
    return send(
        request(path, user)
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A GET whose body is kept as bytes (a file download), with the response's headers. */
  public HttpResponse<byte[]> getBytes(String path, String user) {
    try {
      return HTTP.send(request(path, user).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request as it is, with its own headers (e.g. X-Forwarded-For). */
  public Reply send(String path, String user, java.util.function.UnaryOperator<HttpRequest.Builder> shape) {
    return send(shape.apply(request(path, user)));
  }

  public Reply delete(String path, String user) {
    return delete(path, user, null);
  }

  /** A DELETE under {@code idempotencyKey} unless it is null. */
  public Reply delete(String path, String user, String idempotencyKey) {
    HttpRequest.Builder b = request(path, user);
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return send(b.DELETE());
  }

  private HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      b.header("Authorization", "Bearer " + Tokens.of(user));
    }
    return b;
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(null),
          r.body(),
          r.headers().firstValue("Location"),
          r.headers().firstValue("Retry-After"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The whole public bid history of an auction, newest first, read page by page. */
  public List<JsonValue> allBids(String auction) {
    List<JsonValue> all = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonObject body = get("auctions/" + auction + "/bids?size=100&page=" + page, null).json();
      all.addAll(body.getJsonArray("items"));
      if (all.size() >= body.getInt("total") || body.getJsonArray("items").isEmpty()) {
        return all;
      }
    }
  }

  /** Lists an ENGLISH auction of {@code seller} ending {@code duration} from now. */
  public String createAuction(String seller, String categoryId, String startingPrice, Duration duration) {
    String body =
        Json.createObjectBuilder()
            .add("title", "Test lot " + System.nanoTime())
            .add("description", "integration test")
            .add("categoryId", categoryId)
            .add("type", "ENGLISH")
            .add("currency", "EUR")
            .add("startingPrice", startingPrice)
            .add("increment", Json.createObjectBuilder().add("kind", "TABLE"))
            .add("endsAt", Instant.now().plus(duration).toString())
            .build()
            .toString();
    Reply reply = post("auctions", seller, body);
    if (reply.status() != 201) {
      throw new AssertionError("auction not created: " + reply.status() + " " + reply.body());
    }
    return reply.json().getString("id");
  }
}
