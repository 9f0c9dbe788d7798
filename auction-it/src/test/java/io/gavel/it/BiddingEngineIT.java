package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proxy bidding through the public contract, and strict ordering under concurrent bidders. */
class BiddingEngineIT {

  private static final List<String> BIDDERS = List.of("alice", "bob", "carol", "dave", "erin");

  private final Api api = Api.node(0);
  /** The cluster's nodes: concurrent bidders use both, so the database arbitrates between them. */
  private final List<Api> nodes = List.of(Api.node(0), Api.node(1));

  @Test
  void proxiesBidForTheirOwnersAndStayHidden() {
    String id = api.createAuction("sam", "4", "100.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";

    JsonObject alice = api.post(bids, "alice", "{\"amount\":\"100.00\",\"maxAmount\":\"300.00\"}").json();
    assertThat(alice.getString("status")).isEqualTo("LEADING");
    assertThat(alice.getString("maxAmount")).isEqualTo("300.00");

    Api.Reply outbid = api.post(bids, "bob", "{\"amount\":\"135.00\"}");
    assertThat(outbid.status()).isEqualTo(201);
    assertThat(outbid.json().getString("status")).isEqualTo("OUTBID");
    assertThat(outbid.json().getString("currentPrice")).isEqualTo("137.50");
    assertThat(outbid.json().getBoolean("leading")).isFalse();

    JsonObject history = api.get(bids, "bob").json();
    var items = history.getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("type")).isEqualTo("PROXY");
    assertThat(items.getJsonObject(0).getString("amount")).isEqualTo("137.50");
    assertThat(items.getJsonObject(0).getString("bidder")).isEqualTo("Bidder 1");
    assertThat(items.getJsonObject(1).getBoolean("mine")).isTrue();
    assertThat(history.toString()).doesNotContain("300.00");
    assertThat(api.get("auctions/" + id, "bob").body()).doesNotContain("300.00");

    Api.Reply raised = api.put("auctions/" + id + "/proxy", "alice", "{\"maxAmount\":\"500.00\"}");
    assertThat(raised.status()).isEqualTo(200);
    assertThat(raised.json().getString("currentPrice")).isEqualTo("137.50");
    assertThat(raised.json().getString("maxAmount")).isEqualTo("500.00");

    Api.Reply cancelled = api.delete("auctions/" + id + "/proxy", "alice");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().getString("maxAmount")).isEqualTo("137.50");

    Api.Reply overtakes = api.post(bids, "bob", "{\"amount\":\"140.00\"}");
    assertThat(overtakes.json().getString("status")).isEqualTo("LEADING");

    JsonObject replay = api.get(bids + "/replay", "stella").json();
    assertThat(replay.getBoolean("matches")).isTrue();
    assertThat(replay.getString("replayedPrice")).isEqualTo("140.00");
    assertThat(api.get(bids + "/replay", "alice").status()).isEqualTo(403);
  }

  @Test
  void aLeaderWhoseRaisedMaximumReachesTheReserveLiftsThePriceToIt() {
    // every bid lands inside the soft-close window, so each is followed by an extension event
    String body =
        Json.createObjectBuilder()
            .add("title", "Reserve lot " + System.nanoTime())
            .add("categoryId", "4")
            .add("type", "ENGLISH")
            .add("currency", "EUR")
            .add("startingPrice", "100.00")
            .add("reservePrice", "450.00")
            .add("softClose", Json.createObjectBuilder()
                .add("windowSeconds", 7200).add("extensionSeconds", 7200).add("maxExtensions", 10))
            .add("endsAt", java.time.Instant.now().plus(Duration.ofHours(1)).toString())
            .build()
            .toString();
    Api.Reply created = api.post("auctions", "sam", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    String bids = "auctions/" + id + "/bids";
    String proxy = "auctions/" + id + "/proxy";

    JsonObject first = api.post(bids, "alice", "{\"amount\":\"100.00\"}").json();
    JsonObject afterFirst = api.get("auctions/" + id, "bob").json();
    assertThat(afterFirst.getInt("extensions")).isEqualTo(1);
    assertThat(first.getInt("seq")).as("the bid's own seq, not its extension's").isEqualTo(afterFirst.getInt("seq") - 1);

    Api.Reply below = api.put(proxy, "alice", "{\"maxAmount\":\"400.00\"}");
    assertThat(below.status()).isEqualTo(200);
    assertThat(below.json().getString("currentPrice")).isEqualTo("100.00");
    assertThat(api.get("auctions/" + id, "bob").json().getBoolean("reserveMet")).isFalse();

    Api.Reply reaches = api.put(proxy, "alice", "{\"maxAmount\":\"500.00\"}");
    assertThat(reaches.status()).isEqualTo(200);
    assertThat(reaches.json().getString("currentPrice")).isEqualTo("450.00");
    JsonObject view = api.get("auctions/" + id, "bob").json();
    assertThat(view.getString("currentPrice")).isEqualTo("450.00");
    assertThat(view.getBoolean("reserveMet")).isTrue();
    assertThat(view.getString("nextMinimumBid")).isEqualTo("455.00");
    assertThat(view.getInt("seq")).as("the raise was announced (and extended the end)").isEqualTo(afterFirst.getInt("seq") + 2);
    JsonObject latest = api.get(bids, "bob").json().getJsonArray("items").getJsonObject(0);
    assertThat(latest.getString("type")).isEqualTo("PROXY");
    assertThat(latest.getString("amount")).isEqualTo("450.00");
    assertThat(latest.getString("bidder")).isEqualTo("Bidder 1");
    assertThat(api.get(bids, "bob").body()).doesNotContain("500.00");

    Api.Reply outbid = api.post(bids, "bob", "{\"amount\":\"460.00\"}");
    assertThat(outbid.json().getString("status")).isEqualTo("OUTBID");
    assertThat(outbid.json().getString("currentPrice")).isEqualTo("465.00");
    // a maximum set by someone not leading is a bid: below the next bid it is too low
    Api.Reply low = api.put(proxy, "bob", "{\"maxAmount\":\"466.00\"}");
    assertThat(low.status()).isEqualTo(422);
    assertThat(low.json().getString("code")).isEqualTo("BID_TOO_LOW");
    assertThat(low.json().getString("nextMinimumBid")).isEqualTo("470.00");
    // a bid of exactly the leader's maximum: outbid at once by the leader's proxy bid, at that amount
    Api.Reply tie = api.post(bids, "carol", "{\"amount\":\"500.00\"}");
    assertThat(tie.json().getString("status")).isEqualTo("OUTBID");
    assertThat(tie.json().getString("currentPrice")).isEqualTo("500.00");
    var items = api.get(bids, "carol").json().getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("type")).isEqualTo("PROXY");
    assertThat(items.getJsonObject(0).getString("bidder")).isEqualTo("Bidder 1");
    assertThat(items.getJsonObject(0).getString("amount")).isEqualTo("500.00");
    assertThat(items.getJsonObject(1).getBoolean("mine")).isTrue();
    JsonObject replay = api.get(bids + "/replay", "stella").json();
    assertThat(replay.getBoolean("matches")).isTrue();
    assertThat(replay.getString("replayedPrice")).isEqualTo("500.00");
  }

  @Test
  void anIdempotencyKeyMakesARetriedBidHarmless() {
    String id = api.createAuction("sam", "4", "20.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    String key = "retry-" + System.nanoTime();
    Api.Reply first = api.post(bids, "carol", "{\"amount\":\"20.00\"}", key);
    Api.Reply again = api.post(bids, "carol", "{\"amount\":\"20.00\"}", key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().getString("bidId")).isEqualTo(first.json().getString("bidId"));
    assertThat(again.json().getInt("seq")).isEqualTo(first.json().getInt("seq"));
    Api.Reply reused = api.post(bids, "carol", "{\"amount\":\"25.00\"}", key);
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    Api.Reply tooLong = api.post(bids, "carol", "{\"amount\":\"30.00\"}", "k".repeat(65));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("code")).isEqualTo("INVALID_IDEMPOTENCY_KEY");
    assertThat(api.get("auctions/" + id, null).json().getInt("bidCount")).isEqualTo(1);
  }

  @Test
  void aRepeatedKeyedMaximumIsAnsweredAsTheFirstTimeAndTheKeyTakesNoOtherRequest() {
    String id = api.createAuction("sam", "4", "100.00", Duration.ofHours(1));
    String proxy = "auctions/" + id + "/proxy";
    String key = "proxy-" + System.nanoTime();
    assertThat(api.post("auctions/" + id + "/bids", "alice", "{\"amount\":\"100.00\"}").status()).isEqualTo(201);
    java.util.function.Function<String, Api.Reply> raise =
        maximum -> api.put(proxy, "alice", "{\"maxAmount\":\"" + maximum + "\"}", key);

    Api.Reply first = raise.apply("300.00");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getString("maxAmount")).isEqualTo("300.00");
    // without the key this repeat would be refused: the new maximum must exceed the current one
    Api.Reply again = raise.apply("300.00");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    Api.Reply other = raise.apply("400.00");
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    Api.Reply asBid = api.post("auctions/" + id + "/bids", "alice", "{\"amount\":\"300.00\"}", key);
    assertThat(asBid.status()).as("a bid under a maximum's key is another request").isEqualTo(409);
  }

  @Test
  void aRepeatedKeyedCancelAfterANewMaximumLeavesTheNewMaximum() {
    String id = api.createAuction("sam", "4", "100.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    String proxy = "auctions/" + id + "/proxy";
    String key = "cancel-" + System.nanoTime();
    assertThat(api.post(bids, "alice", "{\"amount\":\"100.00\",\"maxAmount\":\"300.00\"}").status())
        .isEqualTo(201);
    assertThat(api.post(bids, "bob", "{\"amount\":\"150.00\"}").json().getString("status"))
        .isEqualTo("OUTBID");

    Api.Reply cancelled = api.delete(proxy, "alice", key);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().getString("maxAmount")).isEqualTo("152.50");
    assertThat(api.put(proxy, "alice", "{\"maxAmount\":\"400.00\"}").status()).isEqualTo(200);

    // a client that lost the first answer sends the cancel again: it gets that answer, and
    // alice's new maximum stays
    Api.Reply repeated = api.delete(proxy, "alice", key);
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.json()).isEqualTo(cancelled.json());
    Api.Reply bob = api.post(bids, "bob", "{\"amount\":\"300.00\"}");
    assertThat(bob.json().getString("status")).as("alice's 400.00 still outbids bob").isEqualTo("OUTBID");
    assertThat(bob.json().getString("currentPrice")).isEqualTo("305.00");

    Api.Reply asRaise = api.put(proxy, "alice", "{\"maxAmount\":\"500.00\"}", key);
    assertThat(asRaise.status()).as("a raise under a cancel's key is another request").isEqualTo(409);
    assertThat(asRaise.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(api.delete(proxy, "alice", "x".repeat(65)).json().getString("code"))
        .isEqualTo("INVALID_IDEMPOTENCY_KEY");
    assertThat(api.get(bids + "/replay", "stella").json().getBoolean("matches")).isTrue();
  }

  @Test
  void aKeyFirstUsedForARejectedBidAnswersWithThatRejectionAndTakesNoOtherRequest() {
    String id = api.createAuction("sam", "4", "20.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    String key = "rejected-" + System.nanoTime();
    Api.Reply first = api.post(bids, "dave", "{\"amount\":\"19.00\"}", key);
    assertThat(first.status()).isEqualTo(422);
    assertThat(first.json().getString("code")).isEqualTo("BID_TOO_LOW");
    assertThat(first.json().getString("nextMinimumBid")).isEqualTo("20.00");
    assertThat(api.post(bids, "erin", "{\"amount\":\"20.00\"}").status()).isEqualTo(201);

    // the same request: the first answer, although the minimum has moved since
    Api.Reply again = api.post(bids, "dave", "{\"amount\":\"19.00\"}", key);
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.json().getString("code")).isEqualTo("BID_TOO_LOW");
    assertThat(again.json().getString("nextMinimumBid")).isEqualTo("20.00");
    // another request under the key is refused, although it would be a valid bid
    Api.Reply other = api.post(bids, "dave", "{\"amount\":\"30.00\"}", key);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(api.get("auctions/" + id, null).json().getString("currentPrice")).isEqualTo("20.00");
    assertThat(api.post(bids, "dave", "{\"amount\":\"30.00\"}", key + "-new").status()).isEqualTo(201);
  }

  @Test
  void concurrentRepeatsOfAKeyedBidAreOneBid() throws Exception {
    String id = api.createAuction("sam", "4", "20.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    String key = "burst-" + System.nanoTime();
    // a bidder of its own, whose rate limit no other test has used
    String bidder = "keyed" + System.nanoTime();
    Tokens.createUser(bidder, "bidder");
    // 24 copies of one request and 8 of another under the same key, at once, through both
    // nodes: most meet in one batch, some in the next ones, some on the other node
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<Api.Reply>> same = new ArrayList<>();
    List<Future<Api.Reply>> other = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      Api node = nodes.get(i % nodes.size());
      boolean copy = i % 4 != 3;
      (copy ? same : other)
          .add(pool.submit(() -> node.post(bids, bidder, "{\"amount\":\"" + (copy ? "20.00" : "21.00") + "\"}", key)));
    }
    pool.shutdown();
    List<Api.Reply> sameReplies = new ArrayList<>();
    for (Future<Api.Reply> f : same) {
      sameReplies.add(f.get(1, TimeUnit.MINUTES));
    }
    List<Api.Reply> otherReplies = new ArrayList<>();
    for (Future<Api.Reply> f : other) {
      otherReplies.add(f.get(1, TimeUnit.MINUTES));
    }

    // exactly one of the two requests was done, once; every copy of it got its acknowledgement
    // and every copy of the other was refused (or, had the other come first, the other way round)
    List<Api.Reply> done = sameReplies.get(0).status() == 201 ? sameReplies : otherReplies;
    List<Api.Reply> refused = done == sameReplies ? otherReplies : sameReplies;
    Set<String> bidIds = new HashSet<>();
    for (Api.Reply reply : done) {
      assertThat(reply.status()).isEqualTo(201);
      bidIds.add(reply.json().getString("bidId"));
    }
    assertThat(bidIds).hasSize(1);
    for (Api.Reply reply : refused) {
      assertThat(reply.status()).isEqualTo(409);
      assertThat(reply.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }
    JsonObject auction = api.get("auctions/" + id, null).json();
    assertThat(auction.getInt("bidCount")).isEqualTo(1);
    assertThat(auction.getInt("seq")).isEqualTo(1);
    assertThat(api.allBids(id)).hasSize(1);
  }

  @Test
  void fiftyConcurrentBiddersOnOneAuctionAndFiftyMoreOnTwentyAuctionsThroughBothNodes() throws Exception {
    List<String> auctions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      auctions.add(api.createAuction("sam", "4", "10.00", Duration.ofHours(1)));
    }
    Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    auctions.forEach(a -> acknowledged.put(a, ConcurrentHashMap.newKeySet()));
    ExecutorService pool = Executors.newFixedThreadPool(100);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < 100; c++) {
      int client = c;
      clients.add(
          pool.submit(
              () -> {
                // 50 clients fight over the first auction, 50 more spread over all 20; clients
                // alternate between the two nodes
                String user = BIDDERS.get(client % BIDDERS.size());
                Api node = nodes.get(client % nodes.size());
                for (int round = 0; round < 6; round++) {
                  String auction =
                      client < 50 ? auctions.get(0) : auctions.get((client + round) % auctions.size());
                  // every third client bids with a proxy maximum a few euros above its amount
                  int headroom = client % 3 == 0 ? 1 + client % 7 : 0;
                  bidOnce(node, auction, user, headroom, acknowledged.get(auction));
                }
                return null;
              }));
    }
    for (Future<?> f : clients) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    for (String auction : auctions) {
      JsonObject state = api.get("auctions/" + auction, null).json();
      Set<String> acked = acknowledged.get(auction);
      // every acknowledged bid is in the log exactly once
      List<String> logged = new ArrayList<>();
      for (JsonValue v : api.allBids(auction)) {
        JsonObject bid = v.asJsonObject();
        if (bid.getString("type").equals("MANUAL")) {
          logged.add(bid.getString("bidId"));
        }
      }
      assertThat(new HashSet<>(logged)).hasSameSizeAs(logged).containsExactlyInAnyOrderElementsOf(acked);
      // seq is gap-free: the stored events replay as 1..seq
      long seq = state.getJsonNumber("seq").longValue();
      assertThat(seq).isEqualTo(acked.size());
      assertThat(eventSeqs(auction)).containsExactlyElementsOf(range(seq));
      // the stored state is what the rules give for the stored history
      assertThat(api.get("auctions/" + auction + "/bids/replay", "stella").json().getBoolean("matches"))
          .isTrue();
    }
    assertThat(acknowledged.get(auctions.get(0))).hasSizeGreaterThan(20);
  }

  private static void bidOnce(Api node, String auction, String user, int headroom, Set<String> acked) {
    String amount = node.get("auctions/" + auction, null).json().getString("nextMinimumBid");
    for (int attempt = 0; attempt < 10; attempt++) {
      String body =
          headroom == 0
              ? "{\"amount\":\"" + amount + "\"}"
              : "{\"amount\":\"" + amount + "\",\"maxAmount\":\""
                  + new java.math.BigDecimal(amount).add(java.math.BigDecimal.valueOf(headroom))
                  + "\"}";
      // 20 clients share each demo user: a polite client waits out the rate limit as told
      Api.Reply reply = node.postWaitingOutRateLimit("auctions/" + auction + "/bids", user, body);
      if (reply.status() == 201) {
        acked.add(reply.json().getString("bidId"));
        return;
      }
      assertThat(reply.status()).as(reply.body()).isEqualTo(422);
      assertThat(reply.json().getString("code")).isEqualTo("BID_TOO_LOW");
      amount = reply.json().getString("nextMinimumBid");
    }
  }

  private static List<Long> eventSeqs(String auction) throws InterruptedException {
    List<Long> seqs = new ArrayList<>();
    try (LiveClient client = LiveClient.connect(1, null)) {
      client.send(
          Json.createObjectBuilder()
              .add("type", "subscribe")
              .add("auctionId", auction)
              .add("lastSeq", 0)
              .build());
      client.send(Json.createObjectBuilder().add("type", "ping").build());
      while (true) {
        JsonObject m = client.await(x -> true, Duration.ofSeconds(10));
        if ("pong".equals(m.getString("type"))) {
          return seqs;
        }
        if (m.containsKey("seq")) {
          seqs.add(m.getJsonNumber("seq").longValue());
        }
      }
    }
  }

  private static List<Long> range(long last) {
    List<Long> r = new ArrayList<>();
    for (long s = 1; s <= last; s++) {
      r.add(s);
    }
    return r;
  }
}
