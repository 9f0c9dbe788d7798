package io.gavel.platform.rest;

import io.gavel.users.entity.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Builds the {@link Caller} of a request from its verified token. */
public final class Callers {

  private static final Set<String> ROLES =
      Set.of(Caller.BIDDER, Caller.SELLER, Caller.STAFF, Caller.ADMIN);

  private Callers() {}

  /** The caller, or null for an anonymous request. */
  public static Caller of(SecurityContext security, HttpServletRequest request) {
    Principal principal = security.getUserPrincipal();
    if (!(principal instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
      return null;
    }
    return of(jwt, ClientAddress.of(request), request.getHeader("User-Agent"));
  }

  public static Caller of(JsonWebToken jwt, String clientIp, String userAgent) {
    Set<String> roles = new HashSet<>();
    if (jwt.getGroups() != null) {
      for (String group : jwt.getGroups()) {
        if (ROLES.contains(group)) {
          roles.add(group);
        }
      }
    }
    String username = jwt.getClaim("preferred_username");
    if (username == null) {
      username = jwt.getName();
    }
    String displayName = jwt.getClaim("name");
    return new Caller(jwt.getSubject(), username, displayName, roles, clientIp, userAgent);
  }

  /** The caller, or a 401 problem for an anonymous request. */
  public static Caller required(SecurityContext security, HttpServletRequest request) {
    Caller caller = of(security, request);
    if (caller == null) {
      throw new io.gavel.platform.entity.Refusal(
          401, "AUTHENTICATION_REQUIRED", "sign in: send a bearer token from the auction realm");
    }
    return caller;
  }
}
