/**
 * How the application helps MicroProfile JWT verify bearer tokens cheaply.
 *
 * <p>Decisions: Payara's MicroProfile JWT stays the verifier (issuer, audience, signature, expiry,
 * clock skew, roles for {@code @RolesAllowed}). {@link io.gavel.platform.security.RealmKeyConfigSource}
 * gives it the realm's signing key as PEM, so it does not rebuild the key from the JWKS on every
 * request; {@link io.gavel.platform.security.VerifiedTokenStore} answers a token it has already
 * verified, by its exact text, until the token expires, so a client's repeated requests skip the
 * signature check (a fifth of a REST request's CPU under the bid benchmark). Neither changes what
 * is accepted: a token never seen, or seen after its expiry, goes through MicroProfile JWT.
 */
package io.gavel.platform.security;
