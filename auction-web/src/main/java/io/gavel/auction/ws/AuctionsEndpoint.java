package io.gavel.auction.ws;

import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.bidding.boundary.BidQueue;
import io.gavel.bidding.rest.BidsResource;
import io.gavel.platform.entity.IsoTime;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import jakarta.inject.Inject;
import io.gavel.platform.rest.Problem;
import io.gavel.platform.rest.RequestJson;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonParsingException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws/auctions}: live auctions for bidders and watchers, per the contract's WebSocket
 * section. The handshake was authenticated by {@link HandshakeFilter}; anonymous connections may
 * watch but not bid; one whose token was refused gets {@code error UNAUTHORIZED} and is closed.
 * Every inbound message gets an answer or an {@code error}; only protocol abuse closes the
 * connection.
 */
@ServerEndpoint(value = "/ws/auctions", subprotocols = {"bearer"})
public class AuctionsEndpoint {

  private static final Logger LOG = Logger.getLogger(AuctionsEndpoint.class.getName());
  private static final String CONNECTION = "gavel.connection";

  @Inject LiveAuctions live;
  @Inject BidQueue bidding;

  /** The members of a {@code bid} message; like a REST body, it may have no others. */
  private static final Set<String> BID_MEMBERS =
      Set.of("type", "requestId", "auctionId", "amount", "maxAmount");

  /** Shared: Tyrus makes an endpoint instance per connection, and creating a Jsonb is costly. */
  private static final Jsonb JSONB = JsonbBuilder.create();

  @OnOpen
  public void open(Session session, EndpointConfig config) {
    if (session.getUserPrincipal() instanceof HandshakeFilter.RefusedToken) {
      // the contract: an invalid or expired token is answered by error UNAUTHORIZED and the close,
      // sent as any policy close is, after the message (closing at once could lose it); the
      // connection is not registered, so it sees no events and its messages are ignored
      Connection refused = new Connection(new WebSocketTransport(session), null, live.senders());
      refused.send(
          error("UNAUTHORIZED", "invalid or expired access token; connect with a valid one", null));
      refused.closeAfterSending(
          new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "UNAUTHORIZED"));
      return;
    }
    IdleTimer.install(session);
    session.setMaxIdleTimeout(0); // LiveAuctions has the heartbeat and idle timeout
    Connection connection;
    if (session.getUserPrincipal() instanceof VerifiedToken token) {
      Caller caller =
          new Caller(
              token.subject(), token.username(), token.displayName(), token.groups(), token.clientIp(),
              token.userAgent());
      connection = new Connection(new WebSocketTransport(session), caller, live.senders());
      connection.validUntil(token.validUntil());
    } else {
      connection = new Connection(new WebSocketTransport(session), null, live.senders());
    }
    session.getUserProperties().put(CONNECTION, connection);
    live.connected(connection);
  }

  @OnMessage(maxMessageSize = 16 * 1024)
  public void message(Session session, String text) {
    Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
    if (connection == null) {
      return; // refused at the open, and closing
    }
    connection.heard();
    if (!connection.admit()) {
      connection.send(
          error(
              "TOO_MANY_MESSAGES",
              "at most " + Connection.RATE + " messages per second (bursts of " + Connection.BURST + "); reconnect and resubscribe with lastSeq",
              null));
      connection.closeAfterSending(
          new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "TOO_MANY_MESSAGES"));
      return;
    }
    JsonObject message;
    try {
      JsonValue value = RequestJson.CLIENT_JSON.createReader(new StringReader(text)).readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        connection.send(error("MALFORMED_MESSAGE", "every message is one JSON object", null));
        return;
      }
      message = value.asJsonObject();
    } catch (JsonException e) {
      // a parsing failure says where (or which member was named twice)
      String where = e instanceof JsonParsingException ? ": " + e.getMessage() : "";
      connection.send(error("MALFORMED_MESSAGE", "not valid JSON" + where, null));
      return;
    }
    String type = string(message, "type");
    JsonValue id = message.get("requestId");
    if (id != null && id.getValueType() != JsonValue.ValueType.STRING) {
      // answered without one: a bid.result the client cannot match is no answer
      connection.send(
          error("INVALID_FIELD", "'requestId' must be a string; the message was not handled", null));
      return;
    }
    String requestId = string(message, "requestId");
    try {
      switch (type == null ? "" : type) {
        case "subscribe" -> subscribe(connection, message);
        case "unsubscribe" -> live.unsubscribe(connection, auctionId(message));
        case "bid" -> bid(connection, message, requestId);
        case "ping" ->
            connection.send(
                RequestJson.JSON.createObjectBuilder()
                    .add("type", "pong")
                    .add("serverTime", IsoTime.format(Instant.now()))
                    .build()
                    .toString());
        default ->
            connection.send(
                error("UNKNOWN_MESSAGE_TYPE", "unknown message type '" + type + "'", requestId));
      }
    } catch (Refusal r) {
      connection.send(error(r.code(), r.getMessage(), requestId));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "failed to handle a " + type + " message", e);
      connection.send(error("INTERNAL_ERROR", "the server could not handle this message", requestId));
    }
  }

  private void subscribe(Connection connection, JsonObject message) {
    long auctionId = auctionId(message);
    Long lastSeq = null;
    JsonValue v = message.get("lastSeq");
    if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
      if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
        throw new Refusal(400, "INVALID_FIELD", "'lastSeq' must be an integer");
      }
      lastSeq = ((JsonNumber) v).longValue();
    }
    if (!live.subscribe(connection, auctionId, lastSeq)) {
      throw Refusal.notFound("auction " + auctionId);
    }
  }

  private void bid(Connection connection, JsonObject message, String requestId) {
    Caller caller = connection.caller();
    if (caller == null) {
      connection.send(
          bidProblem(requestId, 401, "AUTHENTICATION_REQUIRED", "sign in to bid", Map.of()));
      return;
    }
    if (!caller.hasRole(Caller.BIDDER)) {
      connection.send(bidProblem(requestId, 403, "FORBIDDEN", "only bidders may bid", Map.of()));
      return;
    }
    // No thread waits for the batch: a sender thread builds and sends the answer once the bid's
    // batch committed (the future completes on the bid worker, which must not be delayed). Bids
    // sent back to back may therefore be answered in another order; requestId tells them apart.
    // A bid refused before it is queued (bad fields, the rate limit) is answered by bid.result too.
    CompletableFuture<BidOutcome> queued;
    try {
      RequestJson.of(message).only(BID_MEMBERS);
      long auctionId = auctionId(message);
      String amount = strictString(message, "amount", true);
      String maxAmount = strictString(message, "maxAmount", false);
      queued = bidding.place(caller, auctionId, amount, maxAmount);
    } catch (Refusal r) {
      connection.send(bidProblem(requestId, r));
      return;
    }
    queued
        .orTimeout(BidQueue.WAIT_SECONDS, TimeUnit.SECONDS)
        .whenCompleteAsync(
            (outcome, failure) -> connection.send(bidResult(requestId, outcome, failure)),
            live.senders());
  }

  /** The {@code bid.result} answering a {@code bid} message, from its outcome or its failure. */
  private static String bidResult(String requestId, BidOutcome outcome, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof Refusal r) {
      return bidProblem(requestId, r);
    }
    if (cause instanceof TimeoutException) {
      return bidProblem(
          requestId,
          503,
          "BID_PENDING",
          "the bid was not confirmed in time; it may still be recorded (see the auction's bids)",
          Map.of());
    }
    if (cause != null) {
      LOG.log(Level.WARNING, "failed to handle a bid message", cause);
      return error("INTERNAL_ERROR", "the server could not handle this message", requestId);
    }
    if (outcome instanceof BidOutcome.Accepted accepted) {
      // the REST representation, with the message's type and requestId in front
      String body = JSONB.toJson(accepted);
      return "{\"type\":\"bid.result\",\"requestId\":"
          + RequestJson.JSON.createValue(nullSafe(requestId))
          + (body.length() > 2 ? "," + body.substring(1) : "}");
    }
    BidOutcome.Rejected rejected = (BidOutcome.Rejected) outcome;
    return bidProblem(
        requestId,
        rejected.reason().status(),
        rejected.reason().name(),
        rejected.detail(),
        BidsResource.extra(rejected));
  }

  /** A pong (the answer to the heartbeat's ping) shows the client is alive. */
  @OnMessage
  public void pong(Session session, PongMessage pong) {
    Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
    if (connection != null) {
      connection.heard();
    }
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
    if (connection != null) {
      live.disconnected(connection);
    }
  }

  @OnError
  public void error(Session session, Throwable error) {
    LOG.log(Level.FINE, "websocket error on " + session.getId(), error);
  }

  private static long auctionId(JsonObject message) {
    String id = strictString(message, "auctionId", true);
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw Refusal.notFound("auction " + (id.length() > 40 ? id.substring(0, 40) : id));
    }
  }

  private static String strictString(JsonObject message, String name, boolean required) {
    JsonValue v = message.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      if (required) {
        throw new Refusal(422, "MISSING_FIELD", "'" + name + "' is required");
      }
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.STRING) {
      throw new Refusal(422, "INVALID_FIELD", "'" + name + "' must be a string");
    }
    return ((JsonString) v).getString();
  }

  private static String string(JsonObject message, String name) {
    JsonValue v = message.get(name);
    return v instanceof JsonString s ? s.getString() : null;
  }

  private static String nullSafe(String s) {
    return s == null ? "" : s;
  }

  static String error(String code, String detail, String requestId) {
    JsonObjectBuilder b =
        RequestJson.JSON.createObjectBuilder().add("type", "error").add("code", code).add("detail", detail);
    if (requestId != null) {
      b.add("requestId", requestId);
    }
    return b.add("serverTime", IsoTime.format(Instant.now())).build().toString();
  }

  private static String bidProblem(String requestId, Refusal refusal) {
    return bidProblem(
        requestId, refusal.status(), refusal.code(), refusal.getMessage(), refusal.extensions());
  }

  /**
   * A {@code bid.result} carrying the problem REST would answer (status, title, code, detail and
   * the same extra members); its {@code type} is the message's, not the problem's.
   */
  static String bidProblem(
      String requestId, int status, String code, String detail, Map<String, ?> extra) {
    return RequestJson.JSON.createObjectBuilder(Problem.body(status, code, detail, extra))
        .add("type", "bid.result")
        .add("requestId", nullSafe(requestId))
        .add("serverTime", IsoTime.format(Instant.now()))
        .build()
        .toString();
  }
}
