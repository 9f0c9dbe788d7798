package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol's private messages and its protection of the node: {@code outbid} only
 * to the bidder who lost the lead (on whichever node they are connected), {@code ending.soon} to
 * watchers, {@code TOO_MANY_MESSAGES} for a flooding client, and a client that stops reading
 * cut off without delaying anyone else; resuming with {@code lastSeq} (a replay of up to 500
 * missed events, a snapshot beyond) and {@code unsubscribe}.
 */
class RealTimeIT {

  /** The most missed events a subscription replays; more get a snapshot (LiveAuctions). */
  private static final int LIVE_REPLAY_LIMIT = 500;

  @Test
  void onlyTheBidderWhoLostTheLeadIsToldTheyWereOutbid() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "10.00", Duration.ofHours(1));
    try (LiveClient alice = LiveClient.connect(1, "alice");
        LiveClient bob = LiveClient.connect(0, "bob");
        LiveClient carol = LiveClient.connect(1, "carol")) {
      Thread.sleep(300); // the connections are registered for private messages on open
      assertThat(Api.node(0).post("auctions/" + id + "/bids", "alice", "{\"amount\":\"10.00\"}").status())
          .isEqualTo(201);
      assertThat(Api.node(1).post("auctions/" + id + "/bids", "bob", "{\"amount\":\"12.00\"}").status())
          .isEqualTo(201);

      JsonObject outbid = alice.await(LiveClient.type("outbid"), Duration.ofSeconds(10));
      assertThat(outbid.getString("auctionId")).isEqualTo(id);
      assertThat(outbid.getString("currentPrice")).isEqualTo("12.00");
      assertThat(outbid.getString("nextMinimumBid")).isEqualTo("12.50");
      assertThat(outbid.containsKey("serverTime")).isTrue();
      assertThat(bob.receives(LiveClient.type("outbid"), Duration.ofSeconds(1))).isFalse();
      assertThat(carol.receives(LiveClient.type("outbid"), Duration.ofMillis(200))).isFalse();
    }
  }

  @Test
  void clientsOnBothNodesSeeBidsThroughBothNodesInTheSameSeqOrder() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "1.00", Duration.ofHours(1));
    try (LiveClient onA = LiveClient.connect(0, null);
        LiveClient onB = LiveClient.connect(1, null)) {
      onA.subscribe(id);
      onB.subscribe(id);
      onA.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      onB.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      String amount = "1.00";
      for (int i = 0; i < 20; i++) {
        Api.Reply placed =
            Api.node(i % 2).post("auctions/" + id + "/bids", i % 2 == 0 ? "alice" : "bob", "{\"amount\":\"" + amount + "\"}");
        assertThat(placed.status()).isEqualTo(201);
        amount = placed.json().getString("nextMinimumBid");
      }
      assertThat(seqs(onA, 20)).containsExactlyElementsOf(seqs(onB, 20)).isEqualTo(range(1, 20));
    }
  }

  @Test
  void aClientThatReconnectsToTheOtherNodeGetsExactlyWhatItMissedThenTheLiveStream()
      throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "1.00", Duration.ofHours(1));
    String amount = "1.00";
    long lastSeen;
    try (LiveClient first = LiveClient.connect(0, null)) {
      first.subscribe(id);
      first.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      for (int i = 0; i < 3; i++) {
        amount = bid(id, i, amount);
      }
      List<Long> seen = seqs(first, 3);
      lastSeen = seen.get(seen.size() - 1);
    }
    for (int i = 3; i < 8; i++) {
      amount = bid(id, i, amount);
    }
    try (LiveClient again = LiveClient.connect(1, null)) {
      again.send(
          Json.createObjectBuilder().add("type", "subscribe").add("auctionId", id).add("lastSeq", lastSeen).build());
      List<Long> missed = seqs(again, 5);
      for (int i = 8; i < 11; i++) {
        amount = bid(id, i, amount);
      }
      List<Long> live = seqs(again, 3);
      List<Long> all = new ArrayList<>(missed);
      all.addAll(live);
      assertThat(all).isEqualTo(range(4, 11));
      assertThat(again.receives(m -> m.containsKey("seq"), Duration.ofMillis(500))).as("no duplicate").isFalse();
    }
  }

  @Test
  void aClientThatMissedMoreThanFiveHundredEventsGetsASnapshotInstead() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "1.00", Duration.ofHours(1));
    String amount = "1.00";
    String[] bidders = {"alice", "bob", "carol", "dave", "erin"};
    int events = LIVE_REPLAY_LIMIT + 2;
    for (int i = 0; i < events; i++) {
      Api.Reply placed =
          Api.node(i % 2)
              .postWaitingOutRateLimit(
                  "auctions/" + id + "/bids", bidders[i % bidders.length], "{\"amount\":\"" + amount + "\"}");
      assertThat(placed.status()).as(placed.body()).isEqualTo(201);
      amount = placed.json().getString("nextMinimumBid");
    }
    String price = Api.node(0).get("auctions/" + id, null).json().getString("currentPrice");

    try (LiveClient tooOld = LiveClient.connect(1, null);
        LiveClient recent = LiveClient.connect(0, null)) {
      tooOld.send(subscribe(id, events - LIVE_REPLAY_LIMIT - 1)); // 501 missed
      JsonObject snapshot = tooOld.await(m -> m.containsKey("seq"), Duration.ofSeconds(10));
      assertThat(snapshot.getString("type")).isEqualTo("snapshot");
      assertThat(snapshot.getInt("seq")).isEqualTo(events);
      assertThat(snapshot.getString("currentPrice")).isEqualTo(price);
      assertThat(tooOld.receives(m -> m.containsKey("seq"), Duration.ofMillis(500))).as("no replay after it").isFalse();

      recent.send(subscribe(id, events - LIVE_REPLAY_LIMIT)); // exactly 500 missed: replayed
      assertThat(seqs(recent, LIVE_REPLAY_LIMIT)).isEqualTo(range(events - LIVE_REPLAY_LIMIT + 1, events));
    }
  }

  @Test
  void anUnsubscribedClientGetsNoMoreEventsOfThatAuction() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "1.00", Duration.ofHours(1));
    String other = Api.node(0).createAuction("sam", "4", "1.00", Duration.ofHours(1));
    try (LiveClient leaving = LiveClient.connect(0, null);
        LiveClient staying = LiveClient.connect(0, null)) {
      for (LiveClient c : List.of(leaving, staying)) {
        c.subscribe(id);
        c.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      }
      leaving.subscribe(other);
      leaving.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      leaving.send(Json.createObjectBuilder().add("type", "unsubscribe").add("auctionId", id).build());
      Thread.sleep(200); // the bid goes by REST: let the socket's unsubscribe be handled first

      bid(id, 0, "1.00");
      assertThat(seqs(staying, 1)).isEqualTo(List.of(1L));
      // public events only: a presence message (no seq) queued before the unsubscribe may still come
      assertThat(leaving.receives(m -> id.equals(m.getString("auctionId", null)) && m.containsKey("seq"),
              Duration.ofMillis(500)))
          .as("no more events of the auction it left")
          .isFalse();
      bid(other, 1, "1.00");
      assertThat(leaving.await(LiveClient.type("bid.placed"), Duration.ofSeconds(5)).getString("auctionId"))
          .as("its other subscription goes on")
          .isEqualTo(other);
    }
  }

  @Test
  void malformedBidMessagesBidNothingAndTheConnectionGoesOn() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "1.00", Duration.ofHours(1));
    try (LiveClient alice = LiveClient.connect(0, "alice")) {
      alice.sendText(
          "{\"type\":\"bid\",\"requestId\":\"d-1\",\"auctionId\":\"" + id
              + "\",\"amount\":\"1.00\",\"amount\":\"900.00\"}");
      JsonObject error = alice.await(LiveClient.type("error"), Duration.ofSeconds(5));
      assertThat(error.getString("code")).isEqualTo("MALFORMED_MESSAGE");
      assertThat(error.getString("detail")).contains("amount");
      alice.sendText("{\"type\":\"bid\",\"requestId\":7,\"auctionId\":\"" + id + "\",\"amount\":\"1.00\"}");
      JsonObject numbered = alice.await(LiveClient.type("error"), Duration.ofSeconds(5));
      assertThat(numbered.getString("code")).as("a requestId the answer could not carry").isEqualTo("INVALID_FIELD");
      alice.send(
          Json.createObjectBuilder().add("type", "bid").add("requestId", "d-3").add("auctionId", id)
              .add("amount", "1.00").add("price", "1.00").build());
      JsonObject unknown = alice.await(LiveClient.type("bid.result"), Duration.ofSeconds(5));
      assertThat(unknown.getString("requestId")).isEqualTo("d-3");
      assertThat(unknown.getInt("status")).isEqualTo(422);
      assertThat(unknown.getString("code")).as("as REST answers a body with a member it does not know")
          .isEqualTo("UNKNOWN_FIELD");
      // the connection stays open and usable
      alice.send(
          Json.createObjectBuilder().add("type", "bid").add("requestId", "d-2").add("auctionId", id)
              .add("amount", "1.00").build());
      JsonObject placed = alice.await(LiveClient.type("bid.result"), Duration.ofSeconds(5));
      assertThat(placed.getString("requestId")).isEqualTo("d-2");
      assertThat(placed.getString("currentPrice")).isEqualTo("1.00");
    }
    assertThat(Api.node(0).get("auctions/" + id, null).json().getInt("bidCount")).isEqualTo(1);
  }

  private static JsonObject subscribe(String id, long lastSeq) {
    return Json.createObjectBuilder().add("type", "subscribe").add("auctionId", id).add("lastSeq", lastSeq).build();
  }

  private static String bid(String id, int i, String amount) {
    Api.Reply placed =
        Api.node(i % 2).post("auctions/" + id + "/bids", i % 2 == 0 ? "alice" : "bob", "{\"amount\":\"" + amount + "\"}");
    assertThat(placed.status()).isEqualTo(201);
    return placed.json().getString("nextMinimumBid");
  }

  /** The seqs of the next {@code n} public events the client receives (other messages skipped). */
  private static List<Long> seqs(LiveClient client, int n) throws InterruptedException {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      seqs.add(
          client
              .await(m -> m.containsKey("seq") && !"snapshot".equals(m.getString("type", null)), Duration.ofSeconds(10))
              .getJsonNumber("seq")
              .longValue());
    }
    return seqs;
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void watchersAreToldWhenAnAuctionIsAboutToEnd() throws Exception {
    String id = Api.node(0).createAuction("sam", "6", "5.00", Duration.ofSeconds(20));
    Instant endsAt = Instant.parse(Api.node(0).get("auctions/" + id, null).json().getString("endsAt"));
    try (LiveClient watcher = LiveClient.connect(1, "dave")) {
      watcher.subscribe(id);
      JsonObject soon = watcher.await(LiveClient.type("ending.soon"), Duration.ofSeconds(5));
      assertThat(soon.getString("auctionId")).isEqualTo(id);
      assertThat(Instant.parse(soon.getString("endsAt"))).isEqualTo(endsAt);
      assertThat(watcher.receives(LiveClient.type("ending.soon"), Duration.ofSeconds(2)))
          .as("announced once per end")
          .isFalse();
    }
  }

  @Test
  void watchersOnEveryNodeSeeTheClusterWidePresence() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "10.00", Duration.ofHours(1));
    assertThat(Api.node(0).post("auctions/" + id + "/bids", "alice", "{\"amount\":\"10.00\"}").status())
        .isEqualTo(201);
    try (LiveClient first = LiveClient.connect(0, null)) {
      first.subscribe(id);
      try (LiveClient second = LiveClient.connect(1, "bob")) {
        second.subscribe(id);
        JsonObject both =
            second.await(m -> "presence".equals(m.getString("type", null)) && m.getInt("watchers") == 2, Duration.ofSeconds(10));
        assertThat(both.getString("auctionId")).isEqualTo(id);
        assertThat(both.getInt("participants")).isEqualTo(1);
        first.await(m -> "presence".equals(m.getString("type", null)) && m.getInt("watchers") == 2, Duration.ofSeconds(10));
        assertThat(Api.node(1).get("auctions/" + id, null).json().getInt("watchers")).isEqualTo(2);
      }
      first.await(m -> "presence".equals(m.getString("type", null)) && m.getInt("watchers") == 1, Duration.ofSeconds(10));
    }
  }

  @Test
  void clientsWithoutWebSocketsFollowAnAuctionAsServerSentEventsAndResumeByLastEventId()
      throws Exception {
    Api api = Api.node(0);
    String id = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri = SharedPlatform.node(1).resolve("/api/v1/auctions/" + id + "/events");
    var stream =
        http.send(
            java.net.http.HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    var lines = stream.body().iterator();
    assertThat(nextEvent(lines)).containsEntry("event", "snapshot").containsEntry("id", "0");
    assertThat(api.post("auctions/" + id + "/bids", "alice", "{\"amount\":\"10.00\"}").status()).isEqualTo(201);
    java.util.Map<String, String> placed = nextEvent(lines);
    assertThat(placed).containsEntry("event", "bid.placed").containsEntry("id", "1");
    assertThat(placed.get("data")).contains("\"currentPrice\":\"10.00\"");
    stream.body().close();

    var resumed =
        http.send(
            java.net.http.HttpRequest.newBuilder(uri).header("Last-Event-ID", "0").build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines());
    var again = resumed.body().iterator();
    assertThat(nextEvent(again)).containsEntry("event", "bid.placed").containsEntry("id", "1");
    resumed.body().close();

    var missing =
        http.send(
            java.net.http.HttpRequest.newBuilder(SharedPlatform.node(0).resolve("/api/v1/auctions/999999999/events")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  /** The next server-sent event (its fields), skipping comments. */
  private static java.util.Map<String, String> nextEvent(java.util.Iterator<String> lines) {
    java.util.Map<String, String> event = new java.util.HashMap<>();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (!event.isEmpty()) {
          return event;
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String value = line.substring(colon + 1);
      event.merge(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value, (a, b) -> a + "\n" + b);
    }
    throw new AssertionError("the stream ended");
  }

  /**
   * A client that never answers the heartbeat's pings (a raw socket: WebSocket libraries answer
   * them by themselves) is closed with {@code IDLE_TIMEOUT} once it has been silent for the idle
   * timeout, and pinged before that.
   */
  @Test
  void aClientThatNeverAnswersThePingsIsClosedForBeingIdle() throws Exception {
    try (RawSocketClient client = RawSocketClient.connect(0)) {
      long opened = System.nanoTime();
      int pings = 0;
      RawSocketClient.Frame frame;
      while ((frame = client.nextFrame()).opcode() != RawSocketClient.Frame.CLOSE) {
        if (frame.opcode() == RawSocketClient.Frame.PING) {
          pings++;
        }
      }
      long silentSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - opened);
      assertThat(frame.closeReason()).isEqualTo("1001 IDLE_TIMEOUT");
      assertThat(silentSeconds).as("closed after the idle timeout").isGreaterThanOrEqualTo(SharedPlatform.IDLE_SECONDS - 1);
      assertThat(pings).as("pinged before being closed").isPositive();
    }
  }

  @Test
  void aClientThatFloodsTheServerIsToldAndDisconnected() throws Exception {
    try (LiveClient flooder = LiveClient.connect(0, null)) {
      // a burst past the limit (40, refilled at 20/s), then silence: a client that kept writing
      // after the server closed would see its own broken pipe and lose the unread close frame
      int sent = 0;
      while (sent < 48 && flooder.trySend(Json.createObjectBuilder().add("type", "ping").build())) {
        sent++;
      }
      assertThat(sent).as("pings sent before the server closed").isGreaterThan(40);
      assertThat(flooder.closed().get(10, TimeUnit.SECONDS))
          .as("closed for violating the policy, after " + sent + " messages")
          .isEqualTo("1008 TOO_MANY_MESSAGES");
      List<JsonObject> seen = flooder.collectUntil(m -> "error".equals(m.getString("type", null)), Duration.ofSeconds(5));
      assertThat(seen.get(seen.size() - 1).getString("code")).isEqualTo("TOO_MANY_MESSAGES");
    }
  }

  @Test
  void aClientThatStopsReadingIsCutOffWithoutDelayingTheOthers() throws Exception {
    Api api = Api.node(0);
    String busy = api.createAuction("sam", "4", "1.00", Duration.ofHours(1));
    // a long history to replay: each resubscription queues every event again
    String amount = "1.00";
    for (int i = 0; i < 300; i++) {
      // each bidder may send 20 bids/s after a burst of 40: a fast machine gets there
      Api.Reply placed =
          api.postWaitingOutRateLimit(
              "auctions/" + busy + "/bids", i % 2 == 0 ? "alice" : "bob", "{\"amount\":\"" + amount + "\"}");
      assertThat(placed.status()).isEqualTo(201);
      amount = placed.json().getString("nextMinimumBid");
    }
    String watched = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    try (RawSocketClient slow = RawSocketClient.connect(0);
        LiveClient fast = LiveClient.connect(0, null)) {
      fast.subscribe(watched);
      fast.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      // 30 replays of 300 events, and then the client reads nothing, not even the pings
      int subscribes = 30;
      for (int i = 0; i < subscribes; i++) {
        slow.send("{\"type\":\"subscribe\",\"auctionId\":\"" + busy + "\",\"lastSeq\":0}");
        Thread.sleep(40);
      }
      List<Long> delivery = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long sent = System.nanoTime();
        String price = String.format(java.util.Locale.ROOT, "%d.00", 10 + i);
        assertThat(api.post("auctions/" + watched + "/bids", i % 2 == 0 ? "carol" : "dave", "{\"amount\":\"" + price + "\"}").status())
            .isEqualTo(201);
        fast.await(LiveClient.type("bid.placed"), Duration.ofSeconds(5));
        delivery.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
      }
      assertThat(delivery).as("delivery to the reading client, ms").allMatch(ms -> ms < 1000);

      Thread.sleep(TimeUnit.SECONDS.toMillis(SharedPlatform.IDLE_SECONDS + 4));
      int replayed = 0;
      String closed = null;
      try {
        for (RawSocketClient.Frame frame = slow.nextFrame(); ; frame = slow.nextFrame()) {
          if (frame.opcode() == RawSocketClient.Frame.CLOSE) {
            closed = frame.closeReason();
            break;
          }
          if (frame.opcode() == RawSocketClient.Frame.TEXT) {
            replayed++;
          }
        }
      } catch (java.io.EOFException | java.net.SocketException e) {
        closed = e.toString(); // the server dropped what it still held for the client
      }
      assertThat(closed)
          .as("the server gave up on the client that stopped reading (" + replayed + " replayed events read before)")
          .isNotNull();
      System.out.println("slow client: " + replayed + " of " + subscribes * 300 + " replayed events, then " + closed);
    }
  }
}
