package io.gavel.platform.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives MicroProfile JWT the identity provider's signing key as {@code mp.jwt.verify.publickey},
 * fetched from the JWKS at {@code auction.jwt.jwks-uri} and refreshed every minute.
 *
 * <p>Why: given a key location, Payara's MicroProfile JWT keeps the JWKS text but turns it into a
 * key again on every request, first trying it as PEM (which fails with an exception), then parsing
 * it as JSON through a provider lookup that scans the class path. That cost about 10 ms of CPU per
 * REST request on the benchmark machine, a quarter of the node's CPU. A PEM key is turned into a
 * key directly. When the realm has exactly one RSA signing key it is handed over as PEM; with
 * several (during a key rotation) the JWKS document itself is handed over, so tokens are matched
 * to their key by {@code kid} as before, only slower.
 *
 * <p>Without {@code auction.jwt.jwks-uri} (set by the launcher, or as {@code AUCTION_JWT_JWKS_URI})
 * this source provides nothing and {@code mp.jwt.verify.publickey.location} works as usual; the
 * two must not both be set (MicroProfile JWT refuses to deploy). It reads its own setting from
 * system properties and the environment, since a configuration source cannot ask the
 * configuration it is part of.
 */
public class RealmKeyConfigSource implements ConfigSource {

  public static final String JWKS_URI = "auction.jwt.jwks-uri";
  static final String PUBLIC_KEY = "mp.jwt.verify.publickey";

  private static final Logger LOG = Logger.getLogger(RealmKeyConfigSource.class.getName());
  private static final long REFRESH_NANOS = Duration.ofMinutes(1).toNanos();
  private static final long RETRY_NANOS = Duration.ofSeconds(5).toNanos();

  private final String jwksUri;
  private final Object lock = new Object();
  private volatile String key;
  private volatile long nextFetch;

  public RealmKeyConfigSource() {
    this(setting());
  }

  RealmKeyConfigSource(String jwksUri) {
    this.jwksUri = jwksUri == null || jwksUri.isBlank() ? null : jwksUri.trim();
    this.nextFetch = System.nanoTime();
  }

  private static String setting() {
    String value = System.getProperty(JWKS_URI);
    return value != null ? value : System.getenv("AUCTION_JWT_JWKS_URI");
  }

  @Override
  public Set<String> getPropertyNames() {
    return jwksUri == null ? Set.of() : Set.of(PUBLIC_KEY);
  }

  @Override
  public Map<String, String> getProperties() {
    String value = jwksUri == null ? null : getValue(PUBLIC_KEY);
    return value == null ? Map.of() : Map.of(PUBLIC_KEY, value);
  }

  @Override
  public String getValue(String name) {
    if (jwksUri == null || !PUBLIC_KEY.equals(name)) {
      return null;
    }
    if (key != null && System.nanoTime() - nextFetch < 0) {
      return key;
    }
    synchronized (lock) {
      long now = System.nanoTime();
      if (now - nextFetch >= 0) {
        try {
          key = publicKeyText(fetch());
          nextFetch = now + REFRESH_NANOS;
        } catch (Exception e) {
          // keep the key we have; without one, every token is refused until a fetch succeeds
          LOG.log(Level.WARNING, "could not read the signing keys at " + jwksUri + "; retrying in 5 s", e);
          nextFetch = now + RETRY_NANOS;
        }
      }
      return key;
    }
  }

  /** Low: system properties, the environment and the application's own file all come first. */
  @Override
  public int getOrdinal() {
    return 50;
  }

  @Override
  public String getName() {
    return "gavel-realm-keys";
  }

  private String fetch() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(jwksUri)).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
    return response.body();
  }

  /**
   * The key text for MicroProfile JWT: the PEM of the only RSA signing key of {@code jwks}, or the
   * JWKS document itself when there is not exactly one.
   */
  static String publicKeyText(String jwks) throws Exception {
    JsonObject document;
    try (var reader = JsonProvider.provider().createReader(new StringReader(jwks))) {
      document = reader.readObject();
    }
    JsonArray keys = document.getJsonArray("keys");
    if (keys == null) {
      throw new IllegalArgumentException("not a JWKS: no 'keys'");
    }
    List<JsonObject> signing = new ArrayList<>();
    for (JsonValue value : keys) {
      JsonObject jwk = value.asJsonObject();
      boolean rsa = "RSA".equals(jwk.getString("kty", null));
      boolean forSignatures = "sig".equals(jwk.getString("use", "sig"));
      if (rsa && forSignatures && jwk.containsKey("n") && jwk.containsKey("e")) {
        signing.add(jwk);
      }
    }
    if (signing.size() != 1) {
      return jwks;
    }
    JsonObject jwk = signing.get(0);
    Base64.Decoder url = Base64.getUrlDecoder();
    var spec =
        new RSAPublicKeySpec(
            new BigInteger(1, url.decode(jwk.getString("n"))), new BigInteger(1, url.decode(jwk.getString("e"))));
    byte[] encoded = KeyFactory.getInstance("RSA").generatePublic(spec).getEncoded();
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getEncoder().encodeToString(encoded)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
