package io.gavel.auction.ws;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * The principal of a WebSocket handshake whose bearer token was verified; {@code validUntil} is
 * its expiry plus the tolerated clock skew, when the connection is closed.
 */
public record VerifiedToken(
    String subject, String username, String displayName, Set<String> groups, Instant validUntil)
    implements Principal {

  @Override
  public String getName() {
    return username;
  }
}
