package io.gavel.platform.security;

import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens MicroProfile JWT has already verified, with the identity it found, until they
 * expire. A client sends the same token with every request for its lifetime, and checking its
 * signature again (RSA, Base64, two JSON parses) was a fifth of a REST request's CPU. Only the exact
 * token string that was verified is recognised: any change to it is a different key, so a tampered
 * or forged token is never found here. Bounded: when full, expired entries go first, then all.
 */
@jakarta.enterprise.context.ApplicationScoped
public class VerifiedTokens {

  /** The most tokens kept (about 2 KB each). */
  static final int CAPACITY = 20_000;

  private record Verified(CredentialValidationResult result, long expiresAt) {}

  private final Map<String, Verified> tokens = new ConcurrentHashMap<>();

  /** The identity verified for {@code token}, or null when unknown or expired at {@code now}. */
  public CredentialValidationResult find(String token, Instant now) {
    Verified verified = tokens.get(token);
    if (verified == null) {
      return null;
    }
    if (now.getEpochSecond() >= verified.expiresAt()) {
      tokens.remove(token, verified);
      return null;
    }
    return verified.result();
  }

  /**
   * Remembers a successful verification, keyed by the raw token of its {@link JsonWebToken}
   * principal, until the token's expiry (without the tolerated clock skew: after it, MicroProfile
   * JWT decides again).
   */
  public void remember(CredentialValidationResult result, Instant now) {
    if (result.getStatus() != CredentialValidationResult.Status.VALID
        || !(result.getCallerPrincipal() instanceof JsonWebToken jwt)
        || jwt.getRawToken() == null
        || jwt.getExpirationTime() <= now.getEpochSecond()) {
      return;
    }
    if (tokens.size() >= CAPACITY) {
      long second = now.getEpochSecond();
      tokens.values().removeIf(v -> second >= v.expiresAt());
      if (tokens.size() >= CAPACITY) {
        tokens.clear();
      }
    }
    tokens.put(jwt.getRawToken(), new Verified(result, jwt.getExpirationTime()));
  }

  int size() {
    return tokens.size();
  }
}
