package io.gavel.users.rest;

import io.gavel.platform.rest.Callers;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.User;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** {@code /me}: the caller's own profile, created on first sight. */
@ApplicationScoped
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

  /** The contract's profile representation, plus {@code businessAccount} (an extension). */
  public record Profile(
      String id,
      String username,
      String displayName,
      List<String> roles,
      String kycLevel,
      boolean sellerVerified,
      String status,
      boolean businessAccount) {}

  @Inject Users users;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  @GET
  @RolesAllowed({"bidder", "seller", "staff", "admin"})
  public Profile me() {
    var caller = Callers.required(security, request);
    User user = users.profileOf(caller);
    return new Profile(
        user.id(),
        user.username(),
        user.displayName(),
        caller.roles().stream().sorted().toList(),
        user.kycLevel().name(),
        user.sellerVerified(),
        user.status().name(),
        user.businessAccount());
  }
}
