package io.gavel.auction.ws;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * The principal of a WebSocket handshake whose bearer token was verified; {@code validUntil} is
 * its expiry plus the tolerated clock skew, when the connection is closed. {@code clientIp} and
 * {@code userAgent} come from the handshake request (null until {@link #from} sets them), for the
 * audit log.
 */
public record VerifiedToken(
    String subject, String username, String displayName, Set<String> groups, Instant validUntil,
    String clientIp, String userAgent)
    implements Principal {

  /** This token as presented by the client at {@code clientIp} with {@code userAgent}. */
  public VerifiedToken from(String clientIp, String userAgent) {
    return new VerifiedToken(subject, username, displayName, groups, validUntil, clientIp, userAgent);
  }

  @Override
  public String getName() {
    return username;
  }
}
