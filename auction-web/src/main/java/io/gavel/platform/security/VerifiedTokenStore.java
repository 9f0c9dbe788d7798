package io.gavel.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * The identity store Jakarta Security asks first: it answers a bearer token MicroProfile JWT
 * verified before (still unexpired) from {@link VerifiedTokens}, and says nothing about any other,
 * so Payara's own MicroProfile JWT store verifies it as usual. {@link VerifiedTokenRecorder}
 * remembers each successful verification.
 *
 * <p>Payara hands the token over as its {@code SignedJWTCredential}, whose {@code getSignedJWT()}
 * gives the raw token; it is read reflectively so the application does not compile against Payara
 * internals. Should that method ever go, every token is simply verified by Payara again.
 */
@ApplicationScoped
public class VerifiedTokenStore implements IdentityStore {

  private static final Set<ValidationType> VALIDATE_WITH_GROUPS =
      Set.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);

  @Inject VerifiedTokens tokens;

  private final Clock clock = Clock.systemUTC();
  private volatile Method rawToken;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    String token = rawToken(credential);
    if (token == null) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    CredentialValidationResult known = tokens.find(token, Instant.now(clock));
    return known != null ? known : CredentialValidationResult.NOT_VALIDATED_RESULT;
  }

  private String rawToken(Credential credential) {
    try {
      Method method = rawToken;
      if (method == null || method.getDeclaringClass() != credential.getClass()) {
        method = credential.getClass().getMethod("getSignedJWT");
        rawToken = method;
      }
      Object value = method.invoke(credential);
      return value instanceof String s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Before MicroProfile JWT's own store (default priority 100). */
  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Set<ValidationType> validationTypes() {
    return VALIDATE_WITH_GROUPS;
  }

  @Override
  public Set<String> getCallerGroups(CredentialValidationResult validationResult) {
    return validationResult.getCallerGroups();
  }
}
