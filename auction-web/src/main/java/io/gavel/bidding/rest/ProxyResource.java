package io.gavel.bidding.rest;

import io.gavel.auction.rest.AuctionsResource;
import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.bidding.boundary.Bids;
import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.RequestJson;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;

/** {@code /auctions/{id}/proxy}: the caller's proxy maximum. */
@ApplicationScoped
@Path("auctions/{id}/proxy")
@Produces(MediaType.APPLICATION_JSON)
public class ProxyResource {

  @Inject Bids bids;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  /** Sets or raises the maximum; 200 with the bid acknowledgement shape (and {@code maxAmount}). */
  @PUT
  @RolesAllowed("bidder")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response raise(
      @PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
    var caller = Callers.required(security, request);
    long auctionId = AuctionsResource.parseId(id);
    String maxAmount = RequestJson.parse(body, Set.of("maxAmount")).string("maxAmount", true);
    return ok(bids.raiseMaximum(caller, auctionId, maxAmount, idempotencyKey));
  }

  /** Cancels the unused part of the maximum (never below what is already bid). */
  @DELETE
  @RolesAllowed("bidder")
  public Response cancel(
      @PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey) {
    var caller = Callers.required(security, request);
    return ok(bids.cancelUnused(caller, AuctionsResource.parseId(id), idempotencyKey));
  }

  private static Response ok(BidOutcome outcome) {
    Response response = BidsResource.toResponse(outcome);
    return response.getStatus() == 201 ? Response.ok(response.getEntity()).build() : response;
  }
}
