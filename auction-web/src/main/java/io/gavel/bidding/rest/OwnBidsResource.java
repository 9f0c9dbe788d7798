package io.gavel.bidding.rest;

import io.gavel.bidding.boundary.Bids;
import io.gavel.bidding.boundary.OwnBid;
import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code GET /me/bids}: the caller's own bids on every auction, newest first, with their maximums
 * (an extension of the contract). Nobody else's bids can be read this way; the public history of
 * an auction stays anonymised and never shows maximums.
 */
@ApplicationScoped
@Path("me/bids")
@Produces(MediaType.APPLICATION_JSON)
public class OwnBidsResource {

  @Inject Bids bids;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  @GET
  @RolesAllowed({"bidder", "seller", "staff", "admin"})
  public Page<OwnBid> mine(
      @QueryParam("page") @DefaultValue("0") String page,
      @QueryParam("size") @DefaultValue("20") String size) {
    var caller = Callers.required(security, request);
    Page.Request paging = Page.request(page, size);
    return new Page<>(
        bids.ofBidder(caller, paging.page(), paging.size()), paging.page(), paging.size(), bids.countOfBidder(caller));
  }
}
