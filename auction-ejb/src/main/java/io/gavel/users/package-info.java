/**
 * Users: Gavel's profile of a person the identity provider (Keycloak) vouches for.
 *
 * <p>Decisions: keyed by the token's subject; created on first authenticated use. Keycloak owns
 * credentials and roles; Gavel owns KYC level, seller verification and account status.
 * Boundaries receive the caller as a {@link io.gavel.users.entity.Caller} argument instead of
 * reading a security context, so REST, WebSocket and tests share one path.
 */
package io.gavel.users;
