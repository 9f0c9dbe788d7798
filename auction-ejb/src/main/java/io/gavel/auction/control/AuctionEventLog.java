package io.gavel.auction.control;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionEvent;
import io.gavel.platform.boundary.SchemaMigration;
import io.gavel.platform.control.Rows;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.Dependent;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.StreamMessage;
import jakarta.jms.Topic;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Appends an event to an auction's public log and publishes it to every node, in the caller's
 * (XA) transaction: the database row and the JMS message commit together or not at all, so no
 * subscriber ever sees a state that was rolled back, and no committed event goes unannounced.
 *
 * <p>Everything one transaction publishes travels as one message ({@link EventMessages}); the
 * events in it are JSON text, never serialised Java objects.
 */
@Dependent
public class AuctionEventLog {

  /**
   * A private message for one user (e.g. {@code won}): not part of any auction's public log, so
   * it has no {@code seq}; it reaches that user's connections on every node.
   */
  public record Notice(String userId, long auctionId, String type, JsonObject fields) {

    /** The message as the user receives it (without serverTime). */
    public String message() {
      JsonObjectBuilder message =
          JSON.createObjectBuilder().add("type", type).add("auctionId", String.valueOf(auctionId));
      fields.forEach(message::add);
      return message.build().toString();
    }
  }

  /** Looked up once: every Json.create… call would search the class loader for a provider. */
  public static final JsonProvider JSON = JsonProvider.provider();

  @PersistenceContext EntityManager em;

  /**
   * A context per send from the factory, not an injected {@code JMSContext}: Payara hands every
   * injected context out through one synchronized manager, which serialised all bids of a node.
   */
  @Resource(lookup = SchemaMigration.CONNECTION_FACTORY)
  ConnectionFactory connections;

  @Resource(lookup = SchemaMigration.AUCTION_EVENTS_TOPIC)
  Topic topic;

  /**
   * Takes the auction's next {@code seq} and records and publishes {@code type} with {@code
   * fields}, caused by the system itself.
   *
   * @return the event's seq
   */
  public long append(Auction auction, String type, JsonObject fields, Instant now) {
    AuctionEvent event = record(auction, type, fields, now);
    publish(List.of(event));
    return event.seq();
  }

  /**
   * Takes the auction's next {@code seq} and records {@code type} with {@code fields} in the
   * log, without publishing it yet: a batch of commands {@link #publish}es its events together.
   */
  public AuctionEvent record(Auction auction, String type, JsonObject fields, Instant now) {
    AuctionEvent event = next(auction, type, fields, now);
    em.persist(event);
    return event;
  }

  /**
   * Takes the auction's next {@code seq} for {@code type} with {@code fields}, leaving the row to
   * the caller: it must be written ({@link #write}) in this transaction.
   */
  public static AuctionEvent next(Auction auction, String type, JsonObject fields, Instant now) {
    long seq = auction.nextSeq();
    JsonObjectBuilder message =
        JSON.createObjectBuilder()
            .add("type", type)
            .add("auctionId", String.valueOf(auction.id()))
            .add("seq", seq);
    for (Map.Entry<String, JsonValue> field : fields.entrySet()) {
      message.add(field.getKey(), field.getValue());
    }
    return new AuctionEvent(auction.id(), seq, type, message.build().toString(), now);
  }

  /** Adds the insert of {@code unwritten} (from {@link #next}) to {@code statements}. */
  public static void write(Rows statements, List<AuctionEvent> unwritten) {
    statements.insert(
        "auction_events (auction_id, seq, type, payload, occurred_at, actor_id, client_ip, user_agent)",
        unwritten,
        e ->
            new Object[] {
              e.auctionId(), e.seq(), e.type(), e.payload(), e.occurredAt(), e.actorId(), e.clientIp(), e.userAgent()
            });
  }

  /**
   * Sends recorded events to every node, in order, in one message. Messages are
   * non-persistent: the database log is the durable record and the nodes' subscriptions are
   * non-durable anyway (a WebSocket client that sees a gap in {@code seq} resubscribes with
   * {@code lastSeq} and is replayed from the log), so journaling them in the broker would only
   * cost time. They are still part of the transaction: sent at commit, never on rollback. The
   * launcher's broker does not sync its journal at XA prepare and commit because of this (see
   * {@code io.gavel.launcher.Broker}): a persistent message sent here would need that sync back.
   */
  public void publish(List<AuctionEvent> recorded) {
    send(recorded, List.of());
  }

  /**
   * {@link #publish}es {@code recorded}, then sends {@code notices} (private messages), as one
   * message: a batch of bids, or of closings, sends both.
   */
  public void send(List<AuctionEvent> recorded, List<Notice> notices) {
    if (recorded.isEmpty() && notices.isEmpty()) {
      return;
    }
    try (JMSContext jms = connections.createContext()) {
      StreamMessage message = jms.createStreamMessage();
      EventMessages.write(message, recorded, notices);
      jms.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).send(topic, message);
    } catch (JMSException e) {
      throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }
  }
}
