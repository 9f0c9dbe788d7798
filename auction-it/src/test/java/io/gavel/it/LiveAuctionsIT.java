package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Live events across the two-node cluster, and closing on time. */
class LiveAuctionsIT {

  @Test
  void aBidOnNodeAReachesAWatcherOnNodeB() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "50.00", Duration.ofHours(1));
    try (LiveClient watcher = LiveClient.connect(1, null)) {
      watcher.subscribe(id);
      JsonObject snapshot = watcher.await(LiveClient.type("snapshot"), Duration.ofSeconds(10));
      assertThat(snapshot.getString("auctionId")).isEqualTo(id);
      assertThat(snapshot.getInt("seq")).isZero();
      assertThat(snapshot.getJsonObject("auction").getString("currentPrice")).isEqualTo("50.00");
      // the representation's fields at the top, as the contract has it; its type as auctionType
      assertThat(snapshot.getString("currentPrice")).isEqualTo("50.00");
      assertThat(snapshot.getString("nextMinimumBid")).isEqualTo(snapshot.getJsonObject("auction").getString("nextMinimumBid"));
      assertThat(snapshot.getString("status")).isEqualTo("ACTIVE");
      assertThat(snapshot.getString("auctionType")).isEqualTo("ENGLISH");
      assertThat(snapshot.getString("type")).isEqualTo("snapshot");

      assertThat(Api.node(0).post("auctions/" + id + "/bids", "carol", "{\"amount\":\"50.00\"}").status())
          .isEqualTo(201);

      JsonObject placed = watcher.await(LiveClient.type("bid.placed"), Duration.ofSeconds(10));
      assertThat(placed.getString("auctionId")).isEqualTo(id);
      assertThat(placed.getInt("seq")).isEqualTo(1);
      assertThat(placed.getString("currentPrice")).isEqualTo("50.00");
      assertThat(placed.getString("leadingBidder")).isEqualTo("Bidder 1");
      assertThat(placed.containsKey("serverTime")).isTrue();
    }
  }

  @Test
  void biddersBidOverTheSocketAndAnonymousWatchersCannot() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "20.00", Duration.ofHours(1));
    try (LiveClient anonymous = LiveClient.connect(1, null);
        LiveClient dave = LiveClient.connect(1, "dave")) {
      anonymous.send(bid("a-1", id, "20.00"));
      JsonObject refused = anonymous.await(LiveClient.type("bid.result"), Duration.ofSeconds(10));
      assertThat(refused.getString("code")).isEqualTo("AUTHENTICATION_REQUIRED");

      dave.send(bid("d-1", id, "20.00"));
      JsonObject result = dave.await(LiveClient.type("bid.result"), Duration.ofSeconds(10));
      assertThat(result.getString("requestId")).isEqualTo("d-1");
      assertThat(result.getString("status")).isEqualTo("LEADING");
      assertThat(result.getString("bidId")).isNotEmpty();
      assertThat(result.getString("currentPrice")).isEqualTo("20.00");

      // answered asynchronously, after the batch: rejections by the rules and unknown auctions
      dave.send(bid("d-2", id, "20.00"));
      JsonObject tooLow =
          dave.await(r -> "d-2".equals(r.getString("requestId", null)), Duration.ofSeconds(10));
      assertThat(tooLow.getString("type")).isEqualTo("bid.result");
      assertThat(tooLow.getInt("status")).isEqualTo(422);
      assertThat(tooLow.getString("code")).isEqualTo("BID_TOO_LOW");
      assertThat(tooLow.getString("nextMinimumBid")).isEqualTo("20.50");
      assertThat(tooLow.getString("title")).as("the problem REST would answer").isEqualTo("Unprocessable Content");
      // a bid message with a malformed field is answered by bid.result too, with REST's code
      dave.send(
          Json.createObjectBuilder()
              .add("type", "bid")
              .add("requestId", "d-4")
              .add("auctionId", id)
              .add("amount", 25)
              .build());
      JsonObject malformed =
          dave.await(r -> "d-4".equals(r.getString("requestId", null)), Duration.ofSeconds(10));
      assertThat(malformed.getString("type")).isEqualTo("bid.result");
      assertThat(malformed.getInt("status")).isEqualTo(422);
      assertThat(malformed.getString("code")).isEqualTo("INVALID_FIELD");
      dave.send(bid("d-3", "987654321", "20.00"));
      JsonObject missing =
          dave.await(r -> "d-3".equals(r.getString("requestId", null)), Duration.ofSeconds(10));
      assertThat(missing.getString("type")).isEqualTo("bid.result");
      assertThat(missing.getInt("status")).isEqualTo(404);

      anonymous.send(Json.createObjectBuilder().add("type", "ping").build());
      assertThat(anonymous.await(LiveClient.type("pong"), Duration.ofSeconds(5)).containsKey("serverTime"))
          .isTrue();
    }
    assertThat(Api.node(0).get("auctions/" + id, null).json().getInt("bidCount")).isEqualTo(1);
  }

  @Test
  void aResubscribingClientGetsTheMissedEventsInOrder() throws Exception {
    String id = Api.node(0).createAuction("sam", "4", "10.00", Duration.ofHours(1));
    Api.node(0).post("auctions/" + id + "/bids", "alice", "{\"amount\":\"10.00\"}");
    Api.node(0).post("auctions/" + id + "/bids", "bob", "{\"amount\":\"10.50\"}");
    try (LiveClient client = LiveClient.connect(1, null)) {
      client.send(
          Json.createObjectBuilder()
              .add("type", "subscribe")
              .add("auctionId", id)
              .add("lastSeq", 0)
              .build());
      JsonObject first = client.await(LiveClient.type("bid.placed"), Duration.ofSeconds(10));
      JsonObject second = client.await(LiveClient.type("bid.placed"), Duration.ofSeconds(10));
      assertThat(first.getInt("seq")).isEqualTo(1);
      assertThat(second.getInt("seq")).isEqualTo(2);
      assertThat(second.getString("currentPrice")).isEqualTo("10.50");
    }
  }

  @Test
  void anAuctionClosesWithinTwoSecondsOfItsEnd() throws Exception {
    String id = Api.node(0).createAuction("sam", "6", "5.00", Duration.ofSeconds(4));
    try (LiveClient watcher = LiveClient.connect(1, null)) {
      watcher.subscribe(id);
      watcher.await(LiveClient.type("snapshot"), Duration.ofSeconds(10));
      assertThat(Api.node(0).post("auctions/" + id + "/bids", "erin", "{\"amount\":\"5.00\"}").status())
          .isEqualTo(201);
      JsonObject closed = watcher.await(LiveClient.type("auction.closed"), Duration.ofSeconds(20));
      JsonObject auction = Api.node(1).get("auctions/" + id, null).json();
      assertThat(auction.getString("status")).isEqualTo("CLOSED");
      Instant endsAt = Instant.parse(auction.getString("endsAt"));
      Instant closedAt = Instant.parse(closed.getString("closedAt"));
      assertThat(Duration.between(endsAt, closedAt)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
      assertThat(closed.getJsonObject("result").getString("outcome")).isEqualTo("SOLD");
      assertThat(closed.getJsonObject("result").getString("winningBidder")).isEqualTo("Bidder 1");
      assertThat(auction.getJsonObject("result").getString("price")).isEqualTo("5.00");
    }
    Api.Reply late = Api.node(0).post("auctions/" + id + "/bids", "alice", "{\"amount\":\"9.00\"}");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().getString("code")).isEqualTo("AUCTION_NOT_ACTIVE");
  }

  private static JsonObject bid(String requestId, String auctionId, String amount) {
    return Json.createObjectBuilder()
        .add("type", "bid")
        .add("requestId", requestId)
        .add("auctionId", auctionId)
        .add("amount", amount)
        .build();
  }
}
