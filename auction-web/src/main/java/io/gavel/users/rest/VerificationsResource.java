package io.gavel.users.rest;

import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.Page;
import io.gavel.platform.rest.PathIds;
import io.gavel.platform.rest.RequestJson;
import io.gavel.users.boundary.VerificationView;
import io.gavel.users.boundary.Verifications;
import io.gavel.users.entity.Verification;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;

/**
 * {@code /verifications}: staff review identity verification requests (an extension of the
 * contract). {@code GET ?status=PENDING} lists them oldest first, {@code GET /{id}} shows one,
 * {@code GET /{id}/documents/{no}} downloads a document (checked against its SHA-256, audited),
 * {@code POST /{id}/approve} {@code {"reason": "..."}} (reason optional) and {@code POST
 * /{id}/reject} {@code {"reason": "..."}} (reason required) decide it.
 */
@ApplicationScoped
@Path("verifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"staff", "admin"})
public class VerificationsResource {

  private static final Set<String> DECISION_FIELDS = Set.of("reason");

  @Inject Verifications verifications;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  @GET
  public Page<VerificationView> list(
      @QueryParam("status") @DefaultValue("PENDING") String status,
      @QueryParam("page") @DefaultValue("0") String page,
      @QueryParam("size") @DefaultValue("20") String size) {
    Page.Request paging = Page.request(page, size);
    Verification.Status wanted;
    try {
      wanted = Verification.Status.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new io.gavel.platform.entity.Refusal(
          400, "INVALID_QUERY", "'status' must be one of " + java.util.Arrays.toString(Verification.Status.values()));
    }
    return new Page<>(
        verifications.withStatus(wanted, paging.page(), paging.size()),
        paging.page(),
        paging.size(),
        verifications.countWithStatus(wanted));
  }

  @GET
  @Path("{id}")
  public VerificationView find(@PathParam("id") String id) {
    return verifications.find(PathIds.of(id, "verification"));
  }

  @GET
  @Path("{id}/documents/{no}")
  @Produces(MediaType.WILDCARD)
  public Response document(@PathParam("id") String id, @PathParam("no") String no) {
    Verifications.File file =
        verifications.document(
            Callers.required(security, request),
            PathIds.of(id, "verification"),
            (int) PathIds.of(no, "document"));
    return Response.ok(file.bytes(), file.contentType())
        .header("Content-Disposition", "attachment; filename=\"" + file.fileName().replace("\"", "") + "\"")
        .header("X-Content-SHA256", file.sha256())
        .header("Cache-Control", "no-store")
        .build();
  }

  @POST
  @Path("{id}/approve")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  public VerificationView approve(@PathParam("id") String id, String body) {
    return decide(id, true, body);
  }

  @POST
  @Path("{id}/reject")
  @Consumes(MediaType.APPLICATION_JSON)
  public VerificationView reject(@PathParam("id") String id, String body) {
    return decide(id, false, body);
  }

  private VerificationView decide(String id, boolean approve, String body) {
    var staff = Callers.required(security, request);
    String reason =
        body == null || body.isBlank() ? null : RequestJson.parse(body, DECISION_FIELDS).text("reason", false, 2000);
    return verifications.decide(staff, PathIds.of(id, "verification"), approve, reason);
  }
}
