package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tokens the application must refuse, all real ones from the platform's Keycloak or derived from
 * one: each gets a 401 on REST, and {@code error UNAUTHORIZED} and the close on the WebSocket;
 * an open socket ends the same way when its token expires. A valid token of the same user is accepted alongside, so each refusal is about
 * the one thing that is wrong.
 */
class TokenValidationIT {

  /** The embedded Keycloak's bootstrap administrator (launcher's Keycloak), in the master realm. */
  private static final String MASTER_ADMIN = "admin";

  private static final String MASTER_ADMIN_PASSWORD = "admin-dev-pw";

  private final Api api = Api.node(0);

  @Test
  void aValidTokenIsAccepted() {
    assertThat(api.getWithToken("me", Tokens.of("alice")).status()).isEqualTo(200);
  }

  @Test
  void aTokenWithATamperedSignatureIsRefused() {
    String[] parts = Tokens.of("alice").split("\\.");
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    signature[signature.length / 2] ^= 0x01;
    String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

    assertRefused(tampered);
  }

  @Test
  void anUnsignedTokenIsRefused() {
    String[] parts = Tokens.of("alice").split("\\.");
    String header = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    assertRefused(header + "." + parts[1] + ".");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    // the realm's own admin-cli client: same issuer and keys, but not issued for auction-api
    String token = Tokens.fetch("auction", "admin-cli", "alice", "alice-pw");
    assertThat(claims(token).toString()).doesNotContain("auction-api");

    assertRefused(token);
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    String token = Tokens.fetch("master", "admin-cli", MASTER_ADMIN, MASTER_ADMIN_PASSWORD);
    assertThat(claims(token).getString("iss")).endsWith("/realms/master");

    assertRefused(token);
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    String token = Tokens.fetch("auction", "auction-cli-expiring", "alice", "alice-pw");
    // used while valid, so the node remembers it as verified (VerifiedTokens): that must end at expiry
    assertThat(api.getWithToken("me", token).status()).as("while it is valid").isEqualTo(200);
    assertThat(api.getWithToken("me", token).status()).as("again, from the verified tokens").isEqualTo(200);

    Thread.sleep(untilExpiredMillis(token));

    assertRefused(token);
  }

  @Test
  void anOpenSocketIsClosedWhenItsTokenExpires() throws Exception {
    String token = Tokens.fetch("auction", "auction-cli-expiring", "bob", "bob-pw");
    String auction = api.createAuction("sam", "4", "1.00", Duration.ofHours(1));
    try (LiveClient bob = LiveClient.connectWithToken(0, token)) {
      bob.subscribe(auction);
      bob.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));

      JsonObject error = bob.await(LiveClient.type("error"), Duration.ofMillis(untilExpiredMillis(token) + 5_000));
      assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED");
      assertThat(bob.closed().get(5, TimeUnit.SECONDS)).isEqualTo("1008 UNAUTHORIZED");
    }
  }

  @Test
  void aRefusedTokenInTheQueryGetsTheErrorAndTheClose() throws Exception {
    String token = Tokens.fetch("auction", "admin-cli", "alice", "alice-pw"); // another audience
    try (LiveClient refused = LiveClient.connectWithTokenInQuery(0, token)) {
      JsonObject error = refused.await(m -> true, Duration.ofSeconds(5));
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED");
      assertThat(refused.closed().get(5, TimeUnit.SECONDS)).isEqualTo("1008 UNAUTHORIZED");
    }
  }

  @Test
  void everyRefusedSocketReadsItsErrorBeforeTheClose() throws Exception {
    // closing at once lost the error now and then (a reset discards unread frames): 40 in a row,
    // both token forms, through both nodes, a third of them sending a bid first
    String token = Tokens.fetch("auction", "admin-cli", "alice", "alice-pw");
    for (int i = 0; i < 40; i++) {
      try (LiveClient refused =
          i % 2 == 0 ? LiveClient.connectWithTokenInQuery(i % 2, token) : LiveClient.connectWithToken(i % 2, token)) {
        if (i % 3 == 0) {
          refused.trySend(Json.createObjectBuilder()
              .add("type", "bid").add("requestId", "r").add("auctionId", "1").add("amount", "1.00").build());
        }
        assertThat(refused.await(m -> true, Duration.ofSeconds(5)).getString("code")).as("round %d", i)
            .isEqualTo("UNAUTHORIZED");
        assertThat(refused.closed().get(5, TimeUnit.SECONDS)).isEqualTo("1008 UNAUTHORIZED");
      }
    }
  }

  /**
   * Refused on REST with the contract's problem; on the WebSocket, the socket is sent the
   * contract's {@code error UNAUTHORIZED} and closed, and a bid sent before the close is not
   * answered.
   */
  private void assertRefused(String token) {
    Api.Reply reply = api.getWithToken("me", token);
    assertThat(reply.status()).as(reply.body()).isEqualTo(401);

    try (LiveClient refused = LiveClient.connectWithToken(0, token)) {
      refused.trySend(Json.createObjectBuilder()
          .add("type", "bid").add("requestId", "r-1").add("auctionId", "1").add("amount", "1.00").build());
      JsonObject error = refused.await(m -> true, Duration.ofSeconds(5));
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED");
      assertThat(refused.closed().get(5, TimeUnit.SECONDS)).isEqualTo("1008 UNAUTHORIZED");
      assertThat(refused.receives(m -> true, Duration.ofMillis(200))).as("nothing after the error").isFalse();
    } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject claims(String token) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    return jakarta.json.Json.createReader(new java.io.StringReader(payload)).readObject();
  }

  /** How long until the nodes refuse {@code token}: its expiry plus their clock skew and a margin. */
  private static long untilExpiredMillis(String token) {
    long exp = claims(token).getJsonNumber("exp").longValue();
    return Math.max(0, (exp + SharedPlatform.CLOCK_SKEW_SECONDS + 1) * 1000 - System.currentTimeMillis());
  }
}
