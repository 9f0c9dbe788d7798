package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The auction lifecycle through the public contract on the real cluster: timely closure with the
 * right result, soft close moving the end, the Dutch clock and its accept race, sealed bids kept
 * secret until the reveal, cancelling and revising listings.
 */
class LifecycleIT {

  /** Collectibles: the reference category that allows auctions of a few seconds. */
  private static final String SHORT = "6";

  private final Api api = Api.node(0);

  @Test
  void anAuctionClosesWithinASecondOfItsEndWithTheRightResult() throws Exception {
    String id =
        create("sam", listing("ENGLISH", "100.00", Duration.ofSeconds(5)).add("reservePrice", "150.00"));
    try (LiveClient watcher = LiveClient.connect(1, null);
        LiveClient winner = LiveClient.connect(0, "alice")) {
      watcher.subscribe(id);
      watcher.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      assertThat(bid(id, "bob", "{\"amount\":\"100.00\"}").status()).isEqualTo(201);
      assertThat(bid(id, "alice", "{\"amount\":\"110.00\",\"maxAmount\":\"200.00\"}").status()).isEqualTo(201);
      Instant endsAt = Instant.parse(api.get("auctions/" + id, null).json().getString("endsAt"));

      List<JsonObject> seen = watcher.collectUntil(LiveClient.type("auction.closed"), Duration.ofSeconds(15));
      List<String> statuses =
          seen.stream()
              .filter(LiveClient.type("auction.status"))
              .map(m -> m.getString("status"))
              .toList();
      assertThat(statuses).containsExactly("CLOSING", "CLOSED");
      JsonObject closed = seen.get(seen.size() - 1);
      Instant closedAt = Instant.parse(closed.getString("closedAt"));
      assertThat(Duration.between(endsAt, closedAt)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
      JsonObject result = closed.getJsonObject("result");
      assertThat(result.getString("outcome")).isEqualTo("SOLD");
      assertThat(result.getString("winningBidder")).isEqualTo("Bidder 2");
      assertThat(result.getString("price")).as("the reserve jump").isEqualTo("150.00");

      JsonObject won = winner.await(LiveClient.type("won"), Duration.ofSeconds(5));
      assertThat(won.getString("auctionId")).isEqualTo(id);
      assertThat(won.getString("price")).isEqualTo("150.00");
    }
    JsonObject view = api.get("auctions/" + id, null).json();
    assertThat(view.getString("status")).isEqualTo("CLOSED");
    assertThat(view.getJsonObject("result").getString("outcome")).isEqualTo("SOLD");
    assertThat(bid(id, "carol", "{\"amount\":\"300.00\"}").json().getString("code"))
        .isEqualTo("AUCTION_NOT_ACTIVE");
  }

  @Test
  void softCloseMovesTheEndAndTheClosingTimerFollows() throws Exception {
    JsonObjectBuilder body =
        listing("ENGLISH", "10.00", Duration.ofSeconds(4))
            .add(
                "softClose",
                Json.createObjectBuilder()
                    .add("windowSeconds", 3)
                    .add("extensionSeconds", 5)
                    .add("maxExtensions", 1));
    String id = create("sam", body);
    Instant originalEnd = Instant.parse(api.get("auctions/" + id, null).json().getString("endsAt"));
    sleepUntil(originalEnd.minusMillis(1500));
    JsonObject ack = bid(id, "alice", "{\"amount\":\"10.00\"}").json();
    Instant extendedEnd = Instant.parse(ack.getString("endsAt"));
    assertThat(extendedEnd).isAfter(originalEnd.plusSeconds(2));

    sleepUntil(originalEnd.plusMillis(1500));
    assertThat(api.get("auctions/" + id, null).json().getString("status"))
        .as("still open after the original end")
        .isEqualTo("ACTIVE");
    JsonObject closed = awaitClosed(id, extendedEnd.plusSeconds(5));
    assertThat(closed.getInt("extensions")).isEqualTo(1);
    assertThat(closed.getJsonObject("result").getString("outcome")).isEqualTo("SOLD");
    assertThat(closedAt(id)).isBetween(extendedEnd, extendedEnd.plusSeconds(1));
  }

  @Test
  void aDutchClockStepsDownAndTheFirstOfTwoConcurrentAcceptsWins() throws Exception {
    JsonObjectBuilder body =
        listing("DUTCH", "100.00", Duration.ofMinutes(5))
            .add("dutch", clock("100.00", "50.00", "10.00", 2));
    String id = create("sam", body);
    JsonObject listed = api.get("auctions/" + id, null).json();
    assertThat(listed.getString("currentPrice")).isEqualTo("100.00");
    assertThat(listed.getJsonObject("dutch").getString("floorPrice")).isEqualTo("50.00");
    assertThat(Instant.parse(listed.getString("endsAt")))
        .as("the clock closes one interval after reaching the floor")
        .isEqualTo(Instant.parse(listed.getString("startsAt")).plusSeconds(12));

    try (LiveClient watcher = LiveClient.connect(1, null)) {
      watcher.subscribe(id);
      JsonObject drop = watcher.await(LiveClient.type("dutch.price"), Duration.ofSeconds(5));
      assertThat(drop.getString("currentPrice")).isEqualTo("90.00");
      assertThat(drop.getString("nextDropAt")).isNotNull();
    }
    Api.Reply stale = accept(id, "carol", "100.00");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getString("code")).isEqualTo("PRICE_CHANGED");
    String price = stale.json().getString("currentPrice");

    CountDownLatch go = new CountDownLatch(1);
    String aliceKey = "accept-alice-" + System.nanoTime();
    String bobKey = "accept-bob-" + System.nanoTime();
    CompletableFuture<Api.Reply> alice =
        CompletableFuture.supplyAsync(() -> awaitThen(go, () -> keyedAccept(api, id, "alice", price, aliceKey)));
    CompletableFuture<Api.Reply> bob =
        CompletableFuture.supplyAsync(() -> awaitThen(go, () -> keyedAccept(Api.node(1), id, "bob", price, bobKey)));
    go.countDown();
    List<Api.Reply> replies = List.of(alice.join(), bob.join());
    assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
    Api.Reply winner = replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
    Api.Reply loser = replies.stream().filter(r -> r.status() != 201).findFirst().orElseThrow();
    assertThat(winner.json().getString("status")).isEqualTo("WON");
    assertThat(loser.status()).isEqualTo(409);
    assertThat(loser.json().getString("code")).isIn("PRICE_CHANGED", "AUCTION_NOT_ACTIVE");
    // repeated under their Idempotency-Keys, both accepts get their first answers again
    String winnerName = winner == replies.get(0) ? "alice" : "bob";
    Api.Reply winnerAgain = keyedAccept(api, id, winnerName, price, winner == replies.get(0) ? aliceKey : bobKey);
    assertThat(winnerAgain.status()).isEqualTo(201);
    assertThat(winnerAgain.json().getString("bidId")).isEqualTo(winner.json().getString("bidId"));
    Api.Reply loserAgain =
        keyedAccept(api, id, winnerName.equals("alice") ? "bob" : "alice", price, winner == replies.get(0) ? bobKey : aliceKey);
    assertThat(loserAgain.status()).isEqualTo(409);
    assertThat(loserAgain.json().getString("code")).isEqualTo(loser.json().getString("code"));

    JsonObject closed = api.get("auctions/" + id, null).json();
    assertThat(closed.getString("status")).isEqualTo("CLOSED");
    assertThat(closed.getJsonObject("result").getString("outcome")).isEqualTo("SOLD");
    assertThat(closed.getJsonObject("result").getString("price")).isEqualTo(winner.json().getString("currentPrice"));
  }

  @Test
  void aDutchClockThatReachesItsFloorUnacceptedEndsWithNoBids() throws Exception {
    JsonObjectBuilder body =
        listing("DUTCH", "30.00", Duration.ofMinutes(5))
            .add("dutch", clock("30.00", "20.00", "10.00", 1));
    String id = create("sam", body);
    JsonObject closed = awaitClosed(id, Instant.now().plusSeconds(8));
    assertThat(closed.getJsonObject("result").getString("outcome")).isEqualTo("NO_BIDS");
    assertThat(closed.getJsonObject("result").get("winningBidder")).isEqualTo(JsonValue.NULL);
    assertThat(closed.getJsonObject("result").get("price")).isEqualTo(JsonValue.NULL);
  }

  @Test
  void sealedBidsStayHiddenUntilTheRevealAndEveryBidderCanCheckTheirs() throws Exception {
    String id = create("sam", listing("SEALED_SECOND_PRICE", "100.00", Duration.ofSeconds(6)));
    try (LiveClient watcher = LiveClient.connect(1, "dave")) {
      watcher.subscribe(id);
      JsonObject snapshot = watcher.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));
      assertThat(snapshot.getJsonObject("auction").get("leadingBidder")).isEqualTo(JsonValue.NULL);

      JsonObject first = bid(id, "alice", "{\"amount\":\"300.00\"}").json();
      assertThat(first.getString("status")).isEqualTo("SEALED");
      assertThat(first.containsKey("currentPrice")).isFalse();
      assertThat(bid(id, "bob", "{\"amount\":\"250.00\"}").status()).isEqualTo(201);
      JsonObject replacing = bid(id, "alice", "{\"amount\":\"280.00\"}").json();
      assertThat(replacing.getString("amount")).isEqualTo("280.00");
      String aliceId = api.get("me", "alice").json().getString("id");
      String expected =
          sha256(replacing.getString("bidId") + "|" + aliceId + "|280.00|" + replacing.getString("salt"));
      assertThat(replacing.getString("commitment")).isEqualTo(expected);

      for (String viewer : new String[] {null, "sam", "bob", "alice"}) {
        JsonObject view = api.get("auctions/" + id, viewer).json();
        assertThat(view.containsKey("currentPrice")).as("price hidden from %s", viewer).isFalse();
        assertThat(view.get("leadingBidder")).as("hidden").isEqualTo(JsonValue.NULL);
        assertThat(view.getInt("bidCount")).isEqualTo(2);
        JsonObject hidden = api.get("auctions/" + id + "/bids", viewer).json();
        assertThat(hidden.getJsonArray("items")).isEmpty();
        assertThat(hidden.getInt("total")).as("nothing to page through either").isZero();
      }
      JsonObject staffView = api.get("auctions/" + id, "stella").json();
      assertThat(staffView.getString("currentPrice")).isEqualTo("280.00");

      List<JsonObject> seen = watcher.collectUntil(LiveClient.type("auction.closed"), Duration.ofSeconds(20));
      for (JsonObject m : seen.stream().filter(LiveClient.type("bid.placed")).toList()) {
        assertThat(m.containsKey("currentPrice")).isFalse();
        assertThat(m.containsKey("leadingBidder")).isFalse();
      }
      JsonObject commitments =
          seen.stream().filter(LiveClient.type("sealed.commitments")).findFirst().orElseThrow();
      JsonObject closed = seen.get(seen.size() - 1);
      assertThat(commitments.getInt("seq")).isLessThan(closed.getInt("seq"));
      assertThat(commitments.getJsonArray("commitments").getValuesAs(jakarta.json.JsonString.class))
          .extracting(jakarta.json.JsonString::getString)
          .contains(expected)
          .hasSize(2);
      JsonObject result = closed.getJsonObject("result");
      assertThat(result.getString("outcome")).isEqualTo("SOLD");
      assertThat(result.getString("price")).as("Vickrey: the second-highest bid").isEqualTo("250.00");
      JsonObject top = result.getJsonArray("ranking").getJsonObject(0);
      assertThat(top.getString("amount")).isEqualTo("280.00");
      assertThat(top.getString("commitment")).isEqualTo(expected);
    }
    JsonObject history = api.get("auctions/" + id + "/bids", "bob").json();
    assertThat(history.getJsonArray("items")).isNotEmpty();
    assertThat(history.getInt("total")).isEqualTo(history.getJsonArray("items").size());
    assertThat(history.getJsonArray("items").getValuesAs(JsonObject.class))
        .as("the contract's types only: sealed bids are bids placed by bidders")
        .extracting(item -> item.getString("type"))
        .containsOnly("MANUAL");
    assertThat(api.get("auctions/" + id, null).json().getString("currentPrice")).isEqualTo("250.00");
  }

  @Test
  void sellersCancelAuctionsWithoutBidsAndStaffAnyAuction() {
    String quiet = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    assertThat(api.post("auctions/" + quiet + "/cancel", "alice", "").status()).isEqualTo(403);
    Api.Reply cancelled = api.post("auctions/" + quiet + "/cancel", "sam", "");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().getString("status")).isEqualTo("CANCELLED");
    assertThat(bid(quiet, "alice", "{\"amount\":\"10.00\"}").json().getString("code")).isEqualTo("AUCTION_NOT_ACTIVE");

    String busy = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    assertThat(bid(busy, "alice", "{\"amount\":\"10.00\"}").status()).isEqualTo(201);
    Api.Reply refused = api.post("auctions/" + busy + "/cancel", "sam", "");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getString("code")).isEqualTo("AUCTION_HAS_BIDS");
    assertThat(api.get("auctions/" + busy, null).json().getString("status")).isEqualTo("ACTIVE");
    assertThat(api.post("auctions/" + busy + "/cancel", "stella", "").status()).isEqualTo(200);
    assertThat(api.post("auctions/" + busy + "/cancel", "stella", "").json().getString("code"))
        .isEqualTo("AUCTION_NOT_ACTIVE");
  }

  @Test
  void runningAuctionsOnlyChangeTheirTextScheduledOnesTheirRulesToo() {
    String running = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    Api.Reply text = api.patch("auctions/" + running, "sam", "{\"description\":\"now with box\"}");
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.json().getString("description")).isEqualTo("now with box");
    Api.Reply frozen = api.patch("auctions/" + running, "sam", "{\"startingPrice\":\"5.00\"}");
    assertThat(frozen.status()).isEqualTo(409);
    assertThat(frozen.json().getString("code")).isEqualTo("RULES_FROZEN");
    assertThat(api.patch("auctions/" + running, "bob", "{\"description\":\"mine\"}").status()).isEqualTo(403);

    JsonObjectBuilder later = listing("ENGLISH", "10.00", Duration.ofHours(2));
    later.add("startsAt", Instant.now().plus(Duration.ofHours(1)).toString());
    String scheduled = create("sam", later);
    assertThat(api.get("auctions/" + scheduled, null).json().getString("status")).isEqualTo("SCHEDULED");
    Api.Reply revised = api.patch("auctions/" + scheduled, "sam", "{\"reservePrice\":\"80.00\",\"startingPrice\":\"20.00\"}");
    assertThat(revised.status()).isEqualTo(200);
    assertThat(revised.json().getString("reservePrice")).isEqualTo("80.00");
    assertThat(revised.json().getString("startingPrice")).isEqualTo("20.00");
    Api.Reply invalid = api.patch("auctions/" + scheduled, "sam", "{\"reservePrice\":\"5.00\"}");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().getString("code")).isEqualTo("INVALID_RESERVE");
    assertThat(api.get("auctions/" + scheduled, "sam").json().getString("reservePrice")).isEqualTo("80.00");
  }

  @Test
  void listingsWithMisplacedOrInconsistentTypeParametersAreRefusedAndWriteNothing() {
    assertRefused(
        listing("DUTCH", "100.00", Duration.ofHours(1)).add("dutch", clock("100.00", "100.00", "10.00", 60)),
        "INVALID_DUTCH");
    assertRefused(listing("DUTCH", "100.00", Duration.ofHours(1)), "INVALID_DUTCH");
    assertRefused(
        listing("ENGLISH", "100.00", Duration.ofHours(1)).add("dutch", clock("100.00", "50.00", "10.00", 60)),
        "INVALID_DUTCH");
    assertRefused(
        listing("DUTCH", "90.00", Duration.ofHours(1)).add("dutch", clock("100.00", "50.00", "10.00", 60)),
        "INVALID_DUTCH");
    assertRefused(
        listing("DUTCH", "100.00", Duration.ofHours(1))
            .add("dutch", clock("100.00", "50.00", "10.00", 60))
            .add("reservePrice", "120.00"),
        "INVALID_RESERVE");
    assertRefused(
        listing("SEALED_FIRST_PRICE", "100.00", Duration.ofHours(1))
            .add(
                "softClose",
                Json.createObjectBuilder().add("windowSeconds", 60).add("extensionSeconds", 60).add("maxExtensions", 1)),
        "INVALID_SOFT_CLOSE");
    assertRefused(
        listing("SEALED_SECOND_PRICE", "100.00", Duration.ofHours(1)).add("reservePrice", "99.99"),
        "INVALID_RESERVE");
  }

  private void assertRefused(JsonObjectBuilder body, String code) {
    String title = "refused " + System.nanoTime();
    Api.Reply reply = api.post("auctions", "sam", body.add("title", title).build().toString());
    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.json().getString("code")).isEqualTo(code);
    assertNoAuctionTitled(title);
  }

  /** No auction titled {@code title} was written (checked in the database). */
  static void assertNoAuctionTitled(String title) {
    try (var db = SharedPlatform.database();
        var count = db.prepareStatement("SELECT COUNT(*) FROM auctions WHERE title = ?")) {
      count.setString(1, title);
      try (var rows = count.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).as("auctions titled %s", title).isZero();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  static JsonObjectBuilder listing(String type, String startingPrice, Duration duration) {
    return Json.createObjectBuilder()
        .add("title", type + " lot " + System.nanoTime())
        .add("categoryId", SHORT)
        .add("type", type)
        .add("currency", "EUR")
        .add("startingPrice", startingPrice)
        .add("endsAt", Instant.now().plus(duration).toString());
  }

  static JsonObjectBuilder clock(String start, String floor, String decrement, int intervalSeconds) {
    return Json.createObjectBuilder()
        .add("startPrice", start)
        .add("floorPrice", floor)
        .add("decrement", decrement)
        .add("intervalSeconds", intervalSeconds);
  }

  private String create(String seller, JsonObjectBuilder body) {
    Api.Reply reply = api.post("auctions", seller, body.build().toString());
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().getString("id");
  }

  private Api.Reply bid(String id, String bidder, String body) {
    return api.post("auctions/" + id + "/bids", bidder, body);
  }

  private static Api.Reply keyedAccept(Api node, String id, String bidder, String price, String key) {
    return node.post("auctions/" + id + "/accept", bidder, "{\"price\":\"" + price + "\"}", key);
  }

  private Api.Reply accept(String id, String bidder, String price) {
    return api.post("auctions/" + id + "/accept", bidder, "{\"price\":\"" + price + "\"}");
  }

  private JsonObject awaitClosed(String id, Instant deadline) throws InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      JsonObject view = api.get("auctions/" + id, null).json();
      if ("CLOSED".equals(view.getString("status"))) {
        return view;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("auction " + id + " did not close by " + deadline);
  }

  /** When the auction closed, from its {@code auction.closed} event (replayed over WebSocket). */
  private static Instant closedAt(String id) throws InterruptedException {
    try (LiveClient client = LiveClient.connect(0, null)) {
      client.send(
          Json.createObjectBuilder().add("type", "subscribe").add("auctionId", id).add("lastSeq", 0).build());
      return Instant.parse(
          client.await(LiveClient.type("auction.closed"), Duration.ofSeconds(5)).getString("closedAt"));
    }
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static <T> T awaitThen(CountDownLatch go, java.util.function.Supplier<T> action) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return action.get();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
