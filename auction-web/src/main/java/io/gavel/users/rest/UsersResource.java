package io.gavel.users.rest;

import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.RequestJson;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.User;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;

/**
 * {@code /users/{id}}: staff administration of accounts (an extension of the contract).
 * {@code PUT /users/{id}/status} {@code {"status": "BLOCKED", "reason": "..."}} blocks,
 * suspends or reactivates an account; blocked and suspended accounts may not bid.
 */
@ApplicationScoped
@Path("users/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

  private static final Set<String> STATUS_FIELDS = Set.of("status", "reason");

  /** An account as staff see it (roles live in the identity provider, not here). */
  public record Account(
      String id, String username, String displayName, String kycLevel, boolean sellerVerified, String status) {

    static Account of(User user) {
      return new Account(
          user.id(), user.username(), user.displayName(), user.kycLevel().name(), user.sellerVerified(),
          user.status().name());
    }
  }

  @Inject Users users;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  @PUT
  @Path("status")
  @RolesAllowed({"staff", "admin"})
  @Consumes(MediaType.APPLICATION_JSON)
  public Account changeStatus(@PathParam("id") String id, String body) {
    var staff = Callers.required(security, request);
    RequestJson json = RequestJson.parse(body, STATUS_FIELDS);
    return Account.of(users.changeStatus(staff, id, json.string("status", true), json.string("reason", false)));
  }
}
