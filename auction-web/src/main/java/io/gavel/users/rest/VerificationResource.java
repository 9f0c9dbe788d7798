package io.gavel.users.rest;

import io.gavel.platform.entity.Refusal;
import io.gavel.platform.rest.BodyLimitFilter;
import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.PathIds;
import io.gavel.platform.rest.RequestJson;
import io.gavel.users.boundary.VerificationView;
import io.gavel.users.boundary.Verifications;
import io.gavel.users.control.DocumentStore;
import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import io.gavel.users.entity.VerificationRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /me/verification}: the caller's identity verification (an extension of the contract).
 *
 * <ul>
 *   <li>{@code POST} {@code {"level": "VERIFIED", "seller": true, "businessAccount": false,
 *       "documents": [{"kind": "PASSPORT", "fileName": "passport.pdf", "contentType":
 *       "application/pdf", "size": 48213, "sha256": "…"}]}} opens a request ({@code 201},
 *       status {@code AWAITING_DOCUMENTS}); business accounts add {@code companyName} and
 *       {@code registrationNumber}.
 *   <li>{@code PUT /me/verification/{id}/documents/{no}} with the file's bytes as the body uploads
 *       one document; it must have the declared size and SHA-256 ({@code 422 DOCUMENT_MISMATCH}
 *       otherwise). After the last one the request is {@code PENDING} for staff.
 *   <li>{@code GET} shows the caller's latest request and, once decided, the reason.
 * </ul>
 */
@ApplicationScoped
@Path("me/verification")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"bidder", "seller", "staff", "admin"})
public class VerificationResource {

  private static final Set<String> FIELDS =
      Set.of("level", "seller", "businessAccount", "companyName", "registrationNumber", "documents");
  private static final Set<String> DOCUMENT_FIELDS = Set.of("kind", "fileName", "contentType", "size", "sha256");

  @Inject Verifications verifications;
  @Inject DocumentStore store;

  @Context SecurityContext security;
  @Context HttpServletRequest request;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(String body) {
    Caller caller = Callers.required(security, request);
    RequestJson json = RequestJson.parse(body, FIELDS);
    VerificationRequest verification =
        new VerificationRequest(
            json.enumValue("level", User.KycLevel.class, true),
            json.bool("seller"),
            json.bool("businessAccount"),
            json.has("companyName") ? json.text("companyName", true, 200) : null,
            json.has("registrationNumber") ? json.text("registrationNumber", true, 64) : null,
            json.objects("documents", DOCUMENT_FIELDS).stream().map(VerificationResource::document).toList());
    VerificationView created = verifications.submit(caller, verification);
    return Response.created(uri.getAbsolutePath()).entity(created).build();
  }

  @GET
  public VerificationView latest() {
    return verifications.latest(Callers.required(security, request));
  }

  /**
   * Streams one document to the document store, outside any transaction (a slow upload holds no
   * lock), and then records it.
   */
  @PUT
  @Path("{id}/documents/{no}")
  @Consumes(MediaType.WILDCARD)
  public VerificationView upload(@PathParam("id") String id, @PathParam("no") String no, InputStream body) {
    Caller caller = Callers.required(security, request);
    Verifications.Expected expected;
    long verificationId;
    int docNo;
    try {
      verificationId = PathIds.of(id, "verification");
      docNo = (int) PathIds.of(no, "document");
      expected = verifications.expectUpload(caller, verificationId, docNo);
    } catch (Refusal refusal) {
      // a client still sending the file would not read the answer otherwise
      BodyLimitFilter.drained(body, store.maxBytes());
      throw refusal;
    }
    String key;
    try {
      key = store.store(verificationId, docNo, body, expected.size(), expected.sha256());
    } catch (Refusal mismatch) {
      BodyLimitFilter.drained(body, store.maxBytes());
      verifications.uploadRefused(caller, verificationId, docNo, mismatch);
      throw mismatch;
    }
    return verifications.recordUpload(caller, verificationId, docNo, key);
  }

  private static VerificationRequest.Document document(RequestJson d) {
    String sha256 = d.string("sha256", true);
    return new VerificationRequest.Document(
        d.enumValue("kind", VerificationRequest.DocumentKind.class, true),
        d.string("fileName", true),
        d.string("contentType", true),
        d.integer("size", true, 1, Integer.MAX_VALUE),
        sha256.toLowerCase(Locale.ROOT));
  }

}
