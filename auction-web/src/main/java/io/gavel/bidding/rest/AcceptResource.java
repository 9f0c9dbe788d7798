package io.gavel.bidding.rest;

import io.gavel.auction.rest.AuctionsResource;
import io.gavel.bidding.boundary.Bids;
import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.RequestJson;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;

/**
 * {@code POST /auctions/{id}/accept}: a Dutch auction's bidder accepts the clock price they saw.
 * 201 with the acknowledgement (status {@code WON}); a stale price is {@code 409 PRICE_CHANGED}
 * with {@code currentPrice}.
 */
@ApplicationScoped
@Path("auctions/{id}/accept")
@Produces(MediaType.APPLICATION_JSON)
public class AcceptResource {

  @Inject Bids bids;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  @POST
  @RolesAllowed("bidder")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response accept(
      @PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
    var caller = Callers.required(security, request);
    long auctionId = AuctionsResource.parseId(id);
    String price = RequestJson.parse(body, Set.of("price")).string("price", true);
    return BidsResource.toResponse(bids.accept(caller, auctionId, price, idempotencyKey));
  }
}
