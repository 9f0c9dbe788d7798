package io.gavel.auction.ws;

import io.gavel.auction.boundary.AuctionView;
import io.gavel.auction.boundary.Auctions;
import io.gavel.auction.messaging.AuctionEventReceived;
import io.gavel.auction.messaging.PrivateMessageReceived;
import io.gavel.platform.entity.IsoTime;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.gavel.platform.rest.RequestJson;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * This node's live view of auctions: which connections watch which auction, and the fan-out of
 * every committed event that reaches this node from the cluster topic. Fan-out only enqueues on
 * each connection, so one slow socket never delays the others or the JMS consumer.
 */
@ApplicationScoped
public class LiveAuctions {

  /** Beyond this many missed events a resuming client gets a snapshot instead of a replay. */
  static final int MAX_REPLAY = 500;

  @Inject Auctions auctions;

  @Resource ManagedThreadFactory threads;

  private final Map<Long, Set<Subscription>> watchers = new ConcurrentHashMap<>();
  /** This node's authenticated connections by user, for private messages. */
  private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
  private final Jsonb jsonb = JsonbBuilder.create();
  private ExecutorService senders;

  @PostConstruct
  void start() {
    senders =
        new ThreadPoolExecutor(
            8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
  }

  @PreDestroy
  void stop() {
    senders.shutdownNow();
  }

  ExecutorService senders() {
    return senders;
  }

  /** Fans a committed event out to this node's watchers of its auction. */
  void onEvent(@Observes AuctionEventReceived event) {
    Set<Subscription> subs = watchers.get(event.auctionId());
    if (subs == null || subs.isEmpty()) {
      return;
    }
    String text = withServerTime(event.message());
    for (Subscription sub : subs) {
      sub.offer(event.seq(), text);
    }
  }

  /** Delivers a private message to every connection of its user on this node. */
  void onPrivate(@Observes PrivateMessageReceived message) {
    Set<Connection> connections = byUser.get(message.userId());
    if (connections == null || connections.isEmpty()) {
      return;
    }
    String text = withServerTime(message.message());
    for (Connection connection : connections) {
      connection.send(text);
    }
  }

  /** Registers an authenticated connection for its user's private messages. */
  void connected(Connection connection) {
    if (connection.caller() != null) {
      byUser.computeIfAbsent(connection.caller().id(), id -> ConcurrentHashMap.newKeySet()).add(connection);
    }
  }

  /**
   * Starts streaming an auction to {@code connection}: a replay of the stored events after
   * {@code lastSeq} when that is recent enough, else a snapshot; then live events.
   *
   * @return false when the auction does not exist
   */
  boolean subscribe(Connection connection, long auctionId, Long lastSeq) {
    if (connection.subscriptions().containsKey(auctionId)) {
      unsubscribe(connection, auctionId);
    }
    Subscription sub = new Subscription(connection, auctionId);
    watchers.computeIfAbsent(auctionId, id -> ConcurrentHashMap.newKeySet()).add(sub);
    connection.subscriptions().put(auctionId, sub);
    Optional<AuctionView> view = auctions.find(auctionId, connection.caller());
    if (view.isEmpty()) {
      unsubscribe(connection, auctionId);
      return false;
    }
    long current = view.get().seq();
    if (lastSeq != null && lastSeq >= 0 && lastSeq <= current && current - lastSeq <= MAX_REPLAY) {
      List<String> replay = new ArrayList<>();
      long upTo = lastSeq;
      for (Auctions.PublishedEvent e : auctions.eventsAfter(auctionId, lastSeq, MAX_REPLAY)) {
        replay.add(withServerTime(e.message()));
        upTo = e.seq();
      }
      sub.start(replay, upTo);
    } else {
      sub.start(List.of(snapshot(view.get())), current);
    }
    return true;
  }

  void unsubscribe(Connection connection, long auctionId) {
    Subscription sub = connection.subscriptions().remove(auctionId);
    if (sub != null) {
      Set<Subscription> subs = watchers.get(auctionId);
      if (subs != null) {
        subs.remove(sub);
      }
    }
  }

  void disconnected(Connection connection) {
    if (connection.caller() != null) {
      byUser.computeIfPresent(
          connection.caller().id(),
          (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
          });
    }
    for (Long auctionId : List.copyOf(connection.subscriptions().keySet())) {
      unsubscribe(connection, auctionId);
    }
  }

  /**
   * The {@code snapshot} message. The auction representation is nested under {@code auction}
   * because it has a {@code type} member of its own (ENGLISH, ...) that would clash with the
   * message type.
   */
  String snapshot(AuctionView view) {
    JsonObject auction = RequestJson.JSON.createReader(new StringReader(jsonb.toJson(view))).readObject();
    return RequestJson.JSON.createObjectBuilder()
        .add("type", "snapshot")
        .add("auctionId", view.id())
        .add("seq", view.seq())
        .add("auction", auction)
        .add("serverTime", view.serverTime())
        .build()
        .toString();
  }

  /** Stamps the node's clock on a stored event message (a JSON object). */
  static String withServerTime(String message) {
    return message.substring(0, message.length() - 1)
        + ",\"serverTime\":\""
        + IsoTime.format(Instant.now())
        + "\"}";
  }
}
