package io.gavel.auction.control;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionEvent;
import io.gavel.platform.boundary.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Map;

/**
 * Appends an event to an auction's public log and publishes it to every node, in the caller's
 * (XA) transaction: the database row and the JMS message commit together or not at all, so no
 * subscriber ever sees a state that was rolled back, and no committed event goes unannounced.
 *
 * <p>Messages are JSON text with the properties {@code auctionId}, {@code seq} and {@code type}
 * (never {@code ObjectMessage}).
 */
@Dependent
public class AuctionEventLog {

  public static final String PROPERTY_AUCTION_ID = "auctionId";
  public static final String PROPERTY_SEQ = "seq";
  public static final String PROPERTY_TYPE = "type";

  @PersistenceContext EntityManager em;

  @Inject
  @JMSConnectionFactory(SchemaMigration.CONNECTION_FACTORY)
  JMSContext jms;

  @Resource(lookup = SchemaMigration.AUCTION_EVENTS_TOPIC)
  Topic topic;

  /**
   * Takes the auction's next {@code seq} and records and publishes {@code type} with {@code
   * fields}.
   *
   * @return the event's seq
   */
  public long append(Auction auction, String type, JsonObject fields, Instant now) {
    long seq = auction.nextSeq();
    JsonObjectBuilder message =
        Json.createObjectBuilder()
            .add("type", type)
            .add("auctionId", String.valueOf(auction.id()))
            .add("seq", seq);
    for (Map.Entry<String, JsonValue> field : fields.entrySet()) {
      message.add(field.getKey(), field.getValue());
    }
    String payload = message.build().toString();
    em.persist(new AuctionEvent(auction.id(), seq, type, payload, now));
    jms.createProducer()
        .setProperty(PROPERTY_AUCTION_ID, auction.id())
        .setProperty(PROPERTY_SEQ, seq)
        .setProperty(PROPERTY_TYPE, type)
        .send(topic, payload);
    return seq;
  }
}
