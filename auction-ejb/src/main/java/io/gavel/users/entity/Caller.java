package io.gavel.users.entity;

import java.util.Set;

/**
 * Who is calling, as the identity provider vouched for it (subject, user name, display name and
 * realm roles from the verified token). Boundaries take it as an argument rather than reaching
 * for a security context, so the same use case serves REST, WebSocket and tests alike.
 */
public record Caller(
    String id, String username, String displayName, Set<String> roles, String clientIp,
    String userAgent) {

  public static final String BIDDER = "bidder";
  public static final String SELLER = "seller";
  public static final String STAFF = "staff";
  public static final String ADMIN = "admin";

  /** The longest user agent the logs keep. */
  public static final int USER_AGENT_LENGTH = 255;

  public Caller {
    roles = Set.copyOf(roles);
    if (userAgent != null && userAgent.length() > USER_AGENT_LENGTH) {
      userAgent = userAgent.substring(0, USER_AGENT_LENGTH);
    }
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean isStaff() {
    return roles.contains(STAFF) || roles.contains(ADMIN);
  }
}
