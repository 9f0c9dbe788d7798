package io.gavel.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * A group-providing identity store that adds no groups: Jakarta Security calls it after a
 * successful validation, which is the moment to remember the verified token in {@link
 * VerifiedTokens}.
 */
@ApplicationScoped
public class VerifiedTokenRecorder implements IdentityStore {

  @Inject VerifiedTokens tokens;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Set<String> getCallerGroups(CredentialValidationResult validationResult) {
    tokens.remember(validationResult, Instant.now(clock));
    return Set.of();
  }

  @Override
  public Set<ValidationType> validationTypes() {
    return Set.of(ValidationType.PROVIDE_GROUPS);
  }
}
