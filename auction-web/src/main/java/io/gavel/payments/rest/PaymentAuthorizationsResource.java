package io.gavel.payments.rest;

import io.gavel.auction.rest.AuctionsResource;
import io.gavel.payments.boundary.PaymentAuthorizations;
import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.Problem;
import io.gavel.platform.rest.RequestJson;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /auctions/{id}/payment-authorizations} (an extension of the contract): a bidder
 * places a payment hold so they may bid on a high-value auction; {@code {"paymentMethod":
 * "tok_visa", "amount": "5000.00"}} → {@code 201}, or {@code 402 PAYMENT_DECLINED} with the
 * gateway's {@code declineCode}. Takes an {@code Idempotency-Key}, as the contract's money-relevant
 * writes do: a repeat gets the first answer, hold or decline, and places no second hold.
 */
@ApplicationScoped
@Path("auctions/{id}/payment-authorizations")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentAuthorizationsResource {

  private static final Set<String> FIELDS = Set.of("paymentMethod", "amount");

  @Inject PaymentAuthorizations authorizations;

  @Context SecurityContext security;
  @Context HttpServletRequest request;

  @POST
  @RolesAllowed("bidder")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response authorize(
      @PathParam("id") String id,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      String body) {
    var caller = Callers.required(security, request);
    long auctionId = AuctionsResource.parseId(id);
    RequestJson json = RequestJson.parse(body, FIELDS);
    String paymentMethod = json.string("paymentMethod", true);
    String amount = json.string("amount", true);
    PaymentAuthorizations.Outcome outcome =
        authorizations.authorize(caller, auctionId, paymentMethod, amount, idempotencyKey);
    if (outcome instanceof PaymentAuthorizations.Declined declined) {
      return Problem.response(
          402,
          "PAYMENT_DECLINED",
          "the payment method was declined (" + declined.declineCode() + ")",
          Map.of("declineCode", declined.declineCode()));
    }
    return Response.status(201).entity(outcome).build();
  }
}
