package io.gavel.bidding.rest;

import io.gavel.auction.rest.AuctionsResource;
import io.gavel.bidding.boundary.BidHistoryEntry;
import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.bidding.boundary.Bids;
import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.Page;
import io.gavel.platform.rest.Problem;
import io.gavel.platform.rest.RequestJson;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code /auctions/{id}/bids}: placing bids and the anonymised history. */
@ApplicationScoped
@Path("auctions/{id}/bids")
@Produces(MediaType.APPLICATION_JSON)
public class BidsResource {

  private static final Set<String> FIELDS = Set.of("amount", "maxAmount");

  @Inject Bids bids;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  @POST
  @RolesAllowed("bidder")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response place(
      @PathParam("id") String id,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      String body) {
    var caller = Callers.required(security, request);
    long auctionId = AuctionsResource.parseId(id);
    RequestJson json = RequestJson.parse(body, FIELDS);
    String amount = json.string("amount", true);
    String maxAmount = json.string("maxAmount", false);
    return toResponse(bids.place(caller, auctionId, amount, maxAmount, idempotencyKey));
  }

  @GET
  @PermitAll
  public Page<BidHistoryEntry> history(
      @PathParam("id") String id,
      @QueryParam("page") @DefaultValue("0") String page,
      @QueryParam("size") @DefaultValue("20") String size) {
    long auctionId = AuctionsResource.parseId(id);
    Page.Request paging = Page.request(page, size);
    var history = bids.history(auctionId, Callers.of(security, request), paging.page(), paging.size());
    return new Page<>(history.items(), paging.page(), paging.size(), history.total());
  }

  /** Staff audit: the stored state against a replay of the stored bid log. */
  @GET
  @Path("/replay")
  @RolesAllowed({"staff", "admin"})
  public Bids.ReplayCheck replay(@PathParam("id") String id) {
    Callers.required(security, request);
    return bids.replay(AuctionsResource.parseId(id));
  }

  /** 201 with the acknowledgement, or the contract's problem for a rejection. */
  public static Response toResponse(BidOutcome outcome) {
    if (outcome instanceof BidOutcome.Accepted accepted) {
      return Response.status(201).entity(accepted).build();
    }
    BidOutcome.Rejected rejected = (BidOutcome.Rejected) outcome;
    return Problem.response(
        rejected.reason().status(), rejected.reason().name(), rejected.detail(), extra(rejected));
  }

  /** The members a rejection's problem carries besides the standard ones. */
  public static Map<String, Object> extra(BidOutcome.Rejected rejected) {
    Map<String, Object> extra = new HashMap<>();
    if (rejected.nextMinimumBid() != null) {
      extra.put("nextMinimumBid", rejected.nextMinimumBid());
    }
    if (rejected.currentPrice() != null) {
      extra.put("currentPrice", rejected.currentPrice());
    }
    return extra;
  }


}
