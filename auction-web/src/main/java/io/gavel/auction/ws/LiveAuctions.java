package io.gavel.auction.ws;

import io.gavel.auction.boundary.AuctionView;
import io.gavel.auction.boundary.Auctions;
import io.gavel.auction.boundary.Presence;
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
import jakarta.json.JsonObjectBuilder;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This node's live view of auctions: which connections watch which auction, and the fan-out of
 * every committed event that reaches this node from the cluster topic. Fan-out only enqueues on
 * each connection, so one slow socket never delays the others or the JMS consumer.
 */
@ApplicationScoped
public class LiveAuctions {

  /** Beyond this many missed events a resuming client gets a snapshot instead of a replay. */
  static final int MAX_REPLAY = 500;

  /** How long before its end watchers of an auction get {@code ending.soon} (system property). */
  static final long ENDING_SOON_SECONDS = Long.getLong("gavel.ws.ending-soon-seconds", 60);

  /** A connection that sent nothing (not even a pong) for this long is closed (system property). */
  static final long IDLE_SECONDS = Long.getLong("gavel.ws.idle-seconds", 90);

  /** Threads that fan events out to this node's watchers (system property). */
  static final int FAN_OUT_THREADS = Integer.getInteger("gavel.ws.fan-out-threads", 4);

  /**
   * How often every connection is sent a ping frame, which browsers answer by themselves (system
   * property).
   */
  static final long HEARTBEAT_SECONDS = Long.getLong("gavel.ws.heartbeat-seconds", 30);

  private static final Pattern ENDS_AT = Pattern.compile("\"endsAt\":\"([^\"]+)\"");

  @Inject Auctions auctions;
  @Inject Presence presence;

  @Resource ManagedThreadFactory threads;

  private final Map<Long, Set<Subscription>> watchers = new ConcurrentHashMap<>();
  /** This node's authenticated connections by user, for private messages. */
  private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
  /** Every open connection of this node, for heartbeats. */
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  /** The current end of every auction watched on this node, and the end last announced as near. */
  private final Map<Long, Instant> ends = new ConcurrentHashMap<>();
  private final Map<Long, Instant> announced = new ConcurrentHashMap<>();
  /** This node in the presence table: a new id per start, so a restarted node counts afresh. */
  private final String nodeId = java.util.UUID.randomUUID().toString();
  /** Ticker-thread state: the watcher counts last reported, the presence last sent. */
  private final Map<Long, Integer> reported = new java.util.HashMap<>();
  private final Map<Long, Presence.Count> sent = new java.util.HashMap<>();
  private final Jsonb jsonb = JsonbBuilder.create();
  private ExecutorService senders;
  /**
   * Single-threaded lanes for the fan-out: a subscription always goes through the same lane, so
   * its events are offered in the order they arrived while lanes send in parallel.
   */
  private ExecutorService[] lanes;
  private Thread ticker;
  private volatile boolean running = true;

  @PostConstruct
  void start() {
    senders =
        new ThreadPoolExecutor(
            8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    lanes = new ExecutorService[FAN_OUT_THREADS];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    }
    ticker = threads.newThread(this::tick);
    ticker.setName("gavel-live-ticker");
    ticker.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    ticker.interrupt();
    try {
      Map<Long, Integer> gone = new java.util.HashMap<>();
      reported.keySet().forEach(id -> gone.put(id, 0));
      presence.report(nodeId, gone, Instant.now());
    } catch (RuntimeException e) {
      // best effort: the rows go stale and stop counting anyway
    }
    senders.shutdownNow();
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
  }

  /** Once a second: {@code ending.soon} where due, presence, and a share of the heartbeats. */
  private void tick() {
    long beats = 0;
    while (running) {
      try {
        Thread.sleep(1000);
        Instant now = Instant.now();
        for (Long auctionId : watchers.keySet()) {
          announceEndingSoon(auctionId, now);
        }
        ends.keySet().retainAll(watchers.keySet());
        announced.keySet().retainAll(watchers.keySet());
        presence(now, beats + 1);
        closeExpired(now);
        heartbeat(System.nanoTime(), ++beats % HEARTBEAT_SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        java.util.logging.Logger.getLogger(LiveAuctions.class.getName())
            .log(java.util.logging.Level.WARNING, "live ticker failed; it carries on", e);
      }
    }
  }

  /**
   * Tells every watcher of the auction on this node, once per end instant, that it ends within
   * {@value #ENDING_SOON_SECONDS} s (again after a soft-close extension moves the end).
   */
  private void announceEndingSoon(long auctionId, Instant now) {
    Instant end = ends.get(auctionId);
    Set<Subscription> subs = watchers.get(auctionId);
    if (end == null || subs == null || subs.isEmpty() || !end.isAfter(now)
        || end.isAfter(now.plusSeconds(ENDING_SOON_SECONDS)) || end.equals(announced.get(auctionId))) {
      return;
    }
    announced.put(auctionId, end);
    String text = endingSoon(auctionId, end);
    for (Subscription sub : subs) {
      sub.connection().send(text);
    }
  }

  private static String endingSoon(long auctionId, Instant end) {
    return RequestJson.JSON.createObjectBuilder()
        .add("type", "ending.soon")
        .add("auctionId", String.valueOf(auctionId))
        .add("endsAt", IsoTime.format(end))
        .add("serverTime", IsoTime.format(Instant.now()))
        .build()
        .toString();
  }

  /**
   * Reports this node's watcher counts that changed (all of them every 10 s, to stay fresh) and
   * sends {@code presence} to this node's watchers of each auction whose cluster-wide count
   * changed: at most one message per auction per second.
   */
  private void presence(Instant now, long tick) {
    Map<Long, Integer> current = new java.util.HashMap<>();
    watchers.forEach((id, subs) -> current.put(id, subs.size()));
    Map<Long, Integer> changes = new java.util.HashMap<>();
    current.forEach((id, n) -> {
      if (!n.equals(reported.get(id))) {
        changes.put(id, n);
      }
    });
    reported.keySet().stream().filter(id -> !current.containsKey(id)).forEach(id -> changes.put(id, 0));
    if (!changes.isEmpty() || tick % 10 == 0) {
      presence.report(nodeId, changes, now);
      reported.clear();
      reported.putAll(current);
    }
    if (tick % 60 == 0) {
      presence.expire(now);
    }
    sent.keySet().retainAll(current.keySet());
    if (current.isEmpty()) {
      return;
    }
    presence.of(current.keySet(), now).forEach((id, count) -> {
      if (count.equals(sent.put(id, count))) {
        return;
      }
      String text =
          RequestJson.JSON.createObjectBuilder()
              .add("type", "presence")
              .add("auctionId", String.valueOf(id))
              .add("watchers", count.watchers())
              .add("participants", count.participants())
              .add("serverTime", IsoTime.format(now))
              .build()
              .toString();
      Set<Subscription> subs = watchers.get(id);
      if (subs != null) {
        subs.forEach(sub -> sub.connection().send(text));
      }
    });
  }

  /**
   * Ends the connections whose access token expired, per the contract: an {@code error
   * UNAUTHORIZED}, then the close (1008). The client reconnects with a fresh token and resumes
   * with {@code lastSeq}.
   */
  private void closeExpired(Instant now) {
    for (Connection c : connections) {
      if (c.expired(now)) {
        c.send(
            AuctionsEndpoint.error(
                "UNAUTHORIZED", "the access token expired; reconnect with a fresh one and resume with lastSeq", null));
        c.closeAfterSending(
            new jakarta.websocket.CloseReason(
                jakarta.websocket.CloseReason.CloseCodes.VIOLATED_POLICY, "UNAUTHORIZED"));
      }
    }
  }

  /**
   * Pings this second's share of the connections, so that each is pinged every {@value
   * #HEARTBEAT_SECONDS} s without a burst of pings and pongs for all of them at once; closes those
   * that have been silent for {@value #IDLE_SECONDS} s.
   */
  private void heartbeat(long nowNanos, long phase) {
    for (Connection c : connections) {
      if (Math.floorMod(c.hashCode(), HEARTBEAT_SECONDS) != phase) {
        continue;
      }
      if (!c.oneWay() && nowNanos - c.lastHeardNanos() > TimeUnit.SECONDS.toNanos(IDLE_SECONDS)) {
        // not after what is queued: a client that stopped answering may have stopped reading too
        c.closeNow(
            new jakarta.websocket.CloseReason(
                jakarta.websocket.CloseReason.CloseCodes.GOING_AWAY, "IDLE_TIMEOUT"));
      } else {
        c.ping();
      }
    }
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
    if ("bid.placed".equals(event.type()) || "auction.extended".equals(event.type())) {
      Matcher end = ENDS_AT.matcher(event.message());
      if (end.find()) {
        ends.put(event.auctionId(), Instant.parse(end.group(1)));
      }
    }
    String text = withServerTime(event.message());
    long seq = event.seq();
    List<List<Subscription>> slices = new ArrayList<>(lanes.length);
    for (int i = 0; i < lanes.length; i++) {
      slices.add(new ArrayList<>(subs.size() / lanes.length + 1));
    }
    for (Subscription sub : subs) {
      slices.get(Math.floorMod(sub.connection().hashCode(), lanes.length)).add(sub);
    }
    for (int i = 0; i < lanes.length; i++) {
      List<Subscription> slice = slices.get(i);
      if (!slice.isEmpty()) {
        lanes[i].execute(() -> slice.forEach(sub -> sub.offer(seq, text)));
      }
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

  /**
   * Opens a server-sent-event stream of one auction for an anonymous client: the same snapshot
   * or replay after {@code lastSeq}, then the same live events as a WebSocket subscriber.
   *
   * @return false when the auction does not exist (the stream is closed)
   */
  public boolean stream(SseTransport transport, long auctionId, Long lastSeq) {
    Connection connection = new Connection(transport, null, senders);
    connected(connection);
    if (!subscribe(connection, auctionId, lastSeq)) {
      connection.close(new jakarta.websocket.CloseReason(jakarta.websocket.CloseReason.CloseCodes.NORMAL_CLOSURE, "no such auction"));
      return false;
    }
    return true;
  }

  /** Registers a connection: heartbeats, and for an authenticated one its private messages. */
  void connected(Connection connection) {
    connections.add(connection);
    connection.whenClosed(() -> disconnected(connection));
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
    watchers.compute(
        auctionId,
        (id, subs) -> {
          Set<Subscription> set = subs != null ? subs : ConcurrentHashMap.<Subscription>newKeySet();
          set.add(sub);
          return set;
        });
    connection.subscriptions().put(auctionId, sub);
    Optional<AuctionView> view = auctions.find(auctionId, connection.caller());
    if (view.isEmpty()) {
      unsubscribe(connection, auctionId);
      return false;
    }
    long current = view.get().seq();
    Instant end = Instant.parse(view.get().endsAt());
    ends.put(auctionId, end);
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
    if (end.equals(announced.get(auctionId))) {
      connection.send(endingSoon(auctionId, end));
    }
    return true;
  }

  void unsubscribe(Connection connection, long auctionId) {
    Subscription sub = connection.subscriptions().remove(auctionId);
    if (sub != null) {
      watchers.computeIfPresent(
          auctionId,
          (id, subs) -> {
            subs.remove(sub);
            return subs.isEmpty() ? null : subs;
          });
    }
  }

  void disconnected(Connection connection) {
    connections.remove(connection);
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
   * The {@code snapshot} message: the auction representation (as {@code GET /auctions/{id}}) plus
   * {@code seq}, as the contract has it, except that the representation's own {@code type}
   * (ENGLISH, ...) would clash with the message type: there it is {@code auctionType}. The whole
   * representation is also nested under {@code auction}, type included.
   */
  String snapshot(AuctionView view) {
    JsonObject auction = RequestJson.JSON.createReader(new StringReader(jsonb.toJson(view))).readObject();
    // the message type first: transports read it from the start of the text (SseTransport)
    JsonObjectBuilder message = RequestJson.JSON.createObjectBuilder().add("type", "snapshot");
    auction.forEach(
        (name, value) -> {
          if (!"type".equals(name)) {
            message.add(name, value);
          }
        });
    if (auction.containsKey("type")) {
      message.add("auctionType", auction.get("type"));
    }
    return message
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
