package io.gavel.auction.control;

import io.gavel.auction.entity.AuctionEvent;
import jakarta.jms.JMSException;
import jakarta.jms.StreamMessage;
import java.util.List;

/**
 * The form of the messages on the auction events topic: one {@link StreamMessage} carries
 * everything one transaction published, public events first and then private notices, each in
 * the order it was recorded. A batch of bids therefore costs the broker and every node one
 * message, not one per event.
 *
 * <p>Each entry is five values: the user id ({@code null} for a public event), the auction id,
 * the {@code seq} (0 for a notice, which is not part of the log), the type, and the JSON text as
 * clients receive it (without {@code serverTime}). The {@value #PROPERTY_COUNT} property says how
 * many entries follow.
 */
public final class EventMessages {

  /** How many entries the message carries. */
  public static final String PROPERTY_COUNT = "entries";

  /** What a reader is handed for each entry, in order. */
  public interface Reader {

    void event(long auctionId, long seq, String type, String message);

    void notice(String userId, long auctionId, String type, String message);
  }

  private EventMessages() {}

  /** Writes {@code events}, then {@code notices}, into the empty {@code message}. */
  static void write(StreamMessage message, List<AuctionEvent> events, List<AuctionEventLog.Notice> notices)
      throws JMSException {
    for (AuctionEvent event : events) {
      entry(message, null, event.auctionId(), event.seq(), event.type(), event.payload());
    }
    for (AuctionEventLog.Notice notice : notices) {
      entry(message, notice.userId(), notice.auctionId(), 0, notice.type(), notice.message());
    }
    message.setIntProperty(PROPERTY_COUNT, events.size() + notices.size());
  }

  private static void entry(
      StreamMessage message, String userId, long auctionId, long seq, String type, String json)
      throws JMSException {
    message.writeString(userId);
    message.writeLong(auctionId);
    message.writeLong(seq);
    message.writeString(type);
    message.writeString(json);
  }

  /** Hands every entry of {@code message} to {@code reader}, in order. */
  public static void read(StreamMessage message, Reader reader) throws JMSException {
    int count = message.getIntProperty(PROPERTY_COUNT);
    for (int i = 0; i < count; i++) {
      String userId = message.readString();
      long auctionId = message.readLong();
      long seq = message.readLong();
      String type = message.readString();
      String json = message.readString();
      if (userId == null) {
        reader.event(auctionId, seq, type, json);
      } else {
        reader.notice(userId, auctionId, type, json);
      }
    }
  }
}
