package io.gavel.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  /** A verified token as MicroProfile JWT's principal presents it. */
  private static final class Token extends CallerPrincipal implements JsonWebToken {
    private final Map<String, Object> claims;

    Token(String raw, Instant expires) {
      super("alice");
      this.claims = Map.of("raw_token", raw, "exp", expires.getEpochSecond());
    }

    @Override
    public Set<String> getClaimNames() {
      return claims.keySet();
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getClaim(String name) {
      return (T) claims.get(name);
    }
  }

  private static CredentialValidationResult verified(String raw, Instant expires) {
    return new CredentialValidationResult(new Token(raw, expires), Set.of("bidder"));
  }

  @Test
  void aVerifiedTokenIsFoundByItsExactTextUntilItExpires() {
    VerifiedTokens tokens = new VerifiedTokens();
    CredentialValidationResult result = verified("header.payload.signature", NOW.plusSeconds(60));

    tokens.remember(result, NOW);

    assertThat(tokens.find("header.payload.signature", NOW.plusSeconds(59))).isSameAs(result);
    assertThat(tokens.find("header.payload.signaturX", NOW)).as("one character changed").isNull();
    assertThat(tokens.find("header.payload.signature", NOW.plusSeconds(60))).as("at expiry").isNull();
    assertThat(tokens.size()).as("the expired entry is dropped").isZero();
  }

  @Test
  void onlyValidResultsWithAnUnexpiredJwtAreRemembered() {
    VerifiedTokens tokens = new VerifiedTokens();

    tokens.remember(CredentialValidationResult.INVALID_RESULT, NOW);
    tokens.remember(new CredentialValidationResult("alice", Set.of("bidder")), NOW);
    tokens.remember(verified("already.expired.token", NOW), NOW);

    assertThat(tokens.size()).isZero();
  }

  @Test
  void aFullCacheDropsExpiredTokensFirstThenEverything() {
    VerifiedTokens tokens = new VerifiedTokens();
    for (int i = 0; i < VerifiedTokens.CAPACITY; i++) {
      tokens.remember(verified("t" + i, NOW.plusSeconds(i % 2 == 0 ? 10 : 1000)), NOW);
    }
    assertThat(tokens.size()).isEqualTo(VerifiedTokens.CAPACITY);

    tokens.remember(verified("late", NOW.plusSeconds(2000)), NOW.plusSeconds(20));

    assertThat(tokens.size()).isEqualTo(VerifiedTokens.CAPACITY / 2 + 1);
    assertThat(tokens.find("t1", NOW.plusSeconds(20))).isNotNull();
    assertThat(tokens.find("t0", NOW.plusSeconds(20))).isNull();
  }
}
