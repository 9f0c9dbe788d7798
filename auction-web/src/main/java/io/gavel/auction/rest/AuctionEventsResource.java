package io.gavel.auction.rest;

import io.gavel.auction.boundary.Auctions;
import io.gavel.auction.ws.LiveAuctions;
import io.gavel.auction.ws.SseTransport;
import io.gavel.platform.entity.Refusal;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /auctions/{id}/events}: the auction's live events as server-sent events, for clients
 * that cannot use WebSockets. The same messages as the WebSocket's, each an event named after its
 * {@code type}; public events carry their {@code seq} as the event id. {@code Last-Event-ID} (or
 * {@code ?lastEventId=}) resumes after that {@code seq}, as {@code lastSeq} does on the socket;
 * without it the stream starts with a {@code snapshot}.
 */
@ApplicationScoped
@Path("auctions/{id}/events")
public class AuctionEventsResource {

  @Inject LiveAuctions live;
  @Inject Auctions auctions;

  @GET
  @PermitAll
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(
      @PathParam("id") String id,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @QueryParam("lastEventId") String lastEventIdParam,
      @Context SseEventSink sink,
      @Context Sse sse) {
    long auctionId = AuctionsResource.parseId(id);
    Long lastSeq = seq(lastEventId != null ? lastEventId : lastEventIdParam);
    auctions.find(auctionId, null).orElseThrow(() -> Refusal.notFound("auction " + id));
    if (!live.stream(new SseTransport(sink, sse), auctionId, lastSeq)) {
      throw Refusal.notFound("auction " + id);
    }
  }

  private static Long seq(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw Refusal.invalid("INVALID_FIELD", "Last-Event-ID must be an auction event seq");
    }
  }
}
