package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract's increment kinds and soft close, end to end through REST and the WebSocket: the
 * rules themselves are unit-tested in {@code IncrementPolicyTest} and {@code AuctionTest}; these
 * tests show that a listing's {@code increment} and {@code softClose} reach them unchanged.
 */
class IncrementsAndSoftCloseIT {

  private final Api api = Api.node(0);

  @Test
  void aFixedIncrementAppliesAtEveryPrice() {
    String id =
        create(listing("10.00", Duration.ofHours(1))
            .add("increment", Json.createObjectBuilder().add("kind", "FIXED").add("amount", "5.00")));
    assertThat(view(id).getString("nextMinimumBid")).isEqualTo("10.00");

    assertThat(bid(id, "alice", "10.00").getString("nextMinimumBid")).isEqualTo("15.00");
    Api.Reply tooLow = api.post(bids(id), "bob", "{\"amount\":\"14.99\"}");
    assertThat(tooLow.status()).isEqualTo(422);
    assertThat(tooLow.json().getString("code")).isEqualTo("BID_TOO_LOW");
    assertThat(tooLow.json().getString("nextMinimumBid")).isEqualTo("15.00");
    // far above the default table's 1000.00 and 5000.00 tiers: still 5.00
    assertThat(bid(id, "bob", "6000.00").getString("nextMinimumBid")).isEqualTo("6005.00");
    JsonObject now = view(id);
    assertThat(now.getString("currentPrice")).isEqualTo("6000.00");
    assertThat(now.getString("leadingBidder")).isEqualTo("Bidder 2");
  }

  @Test
  void customStepsApplyFromTheirBoundaryOn() {
    String id =
        create(listing("98.00", Duration.ofHours(1))
            .add("increment", Json.createObjectBuilder()
                .add("kind", "CUSTOM")
                .add("steps", Json.createArrayBuilder()
                    .add(step("0.00", "1.00"))
                    .add(step("100.00", "5.00")))));

    assertThat(bid(id, "alice", "98.00").getString("nextMinimumBid")).isEqualTo("99.00");
    assertThat(bid(id, "bob", "99.00").getString("nextMinimumBid")).as("99.00 + 1.00").isEqualTo("100.00");
    assertThat(bid(id, "alice", "100.00").getString("nextMinimumBid")).as("from 100.00 on: 5.00").isEqualTo("105.00");
    // proxy resolution uses the custom steps: carol's maximum outbids bob at once, at 110.00 + 5.00
    assertThat(api.post(bids(id), "carol", "{\"amount\":\"105.00\",\"maxAmount\":\"200.00\"}").status()).isEqualTo(201);
    JsonObject outbid = bid(id, "bob", "110.00");
    assertThat(outbid.getString("status")).isEqualTo("OUTBID");
    assertThat(outbid.getString("currentPrice")).isEqualTo("115.00");
  }

  @Test
  void incrementsThatDoNotCoverEveryPriceOrAreNotPositiveAreRefused() {
    assertRefused(increment("FIXED").add("amount", "0.00"), "INVALID_INCREMENT");
    assertRefused(increment("FIXED").add("amount", "-1.00"), "INVALID_AMOUNT");
    assertRefused(increment("FIXED").add("amount", "1.005"), "INVALID_AMOUNT");
    assertRefused(increment("FIXED"), "MISSING_FIELD");
    assertRefused(increment("CUSTOM"), "INVALID_INCREMENT");
    assertRefused(
        increment("CUSTOM").add("steps", Json.createArrayBuilder().add(step("1.00", "0.50"))),
        "INVALID_INCREMENT");
    assertRefused(
        increment("CUSTOM").add("steps", Json.createArrayBuilder()
            .add(step("0.00", "1.00")).add(step("50.00", "2.00")).add(step("50.00", "3.00"))),
        "INVALID_INCREMENT");
    assertRefused(
        increment("CUSTOM").add("steps", Json.createArrayBuilder().add(step("0.00", "0.00"))),
        "INVALID_INCREMENT");
  }

  @Test
  void aCurrencyWithoutMinorUnitsNeedsIncrementsItCanPay() {
    // the default table starts at 0.05: refused with its reason, not a server error, nothing listed
    String title = "yen table " + System.nanoTime();
    Api.Reply table =
        api.post("auctions", "sam",
            listing("1000", Duration.ofHours(1)).add("currency", "JPY").add("title", title).build().toString());
    assertThat(table.status()).as(table.body()).isEqualTo(422);
    assertThat(table.json().getString("code")).isEqualTo("INVALID_INCREMENT");
    assertThat(table.json().getString("detail")).contains("JPY");
    LifecycleIT.assertNoAuctionTitled(title);

    String id =
        create(listing("1000", Duration.ofHours(1)).add("currency", "JPY")
            .add("increment", increment("FIXED").add("amount", "100")));
    assertThat(bid(id, "alice", "1000").getString("nextMinimumBid")).isEqualTo("1100");
    Api.Reply fraction = api.post(bids(id), "bob", "{\"amount\":\"1100.50\"}");
    assertThat(fraction.json().getString("code")).isEqualTo("INVALID_AMOUNT");
    assertThat(bid(id, "bob", "1100").getString("currentPrice")).isEqualTo("1100");
  }

  @Test
  void softCloseExtendsAtMostMaxExtensionsTimesAndEveryWatcherIsTold() throws Exception {
    // the whole auction lies inside the window, so every bid is in it
    String id =
        create(listing("10.00", Duration.ofMinutes(10))
            .add("softClose", Json.createObjectBuilder()
                .add("windowSeconds", 3600).add("extensionSeconds", 1200).add("maxExtensions", 2)));
    Instant originalEnd = Instant.parse(view(id).getString("endsAt"));
    try (LiveClient watcher = LiveClient.connect(1, null)) {
      watcher.subscribe(id);
      watcher.await(LiveClient.type("snapshot"), Duration.ofSeconds(5));

      Instant before = Instant.now();
      JsonObject first = bid(id, "alice", "10.00");
      Instant firstEnd = Instant.parse(first.getString("endsAt"));
      assertThat(firstEnd).isBetween(before.plusSeconds(1200).minusSeconds(1), Instant.now().plusSeconds(1201));
      JsonObject extended = watcher.await(LiveClient.type("auction.extended"), Duration.ofSeconds(5));
      assertThat(extended.getString("auctionId")).isEqualTo(id);
      assertThat(extended.getInt("extensions")).isEqualTo(1);
      assertThat(Instant.parse(extended.getString("endsAt"))).isEqualTo(firstEnd);
      assertThat(extended.getInt("seq")).as("right after its bid").isEqualTo(first.getInt("seq") + 1);

      JsonObject second = bid(id, "bob", "11.00");
      Instant secondEnd = Instant.parse(second.getString("endsAt"));
      assertThat(secondEnd).isAfterOrEqualTo(firstEnd);
      assertThat(watcher.await(LiveClient.type("auction.extended"), Duration.ofSeconds(5)).getInt("extensions"))
          .isEqualTo(2);

      JsonObject third = bid(id, "alice", "12.00");
      assertThat(Instant.parse(third.getString("endsAt"))).as("the cap: no third extension").isEqualTo(secondEnd);
      JsonObject placed =
          watcher.await(m -> "bid.placed".equals(m.getString("type")) && m.getInt("seq") == third.getInt("seq"),
              Duration.ofSeconds(5));
      assertThat(Instant.parse(placed.getString("endsAt"))).isEqualTo(secondEnd);
      assertThat(watcher.receives(LiveClient.type("auction.extended"), Duration.ofMillis(500))).isFalse();
    }
    JsonObject after = view(id);
    assertThat(after.getInt("extensions")).isEqualTo(2);
    assertThat(Instant.parse(after.getString("originalEndsAt"))).isEqualTo(originalEnd);
    assertThat(after.getString("currentPrice")).isEqualTo("12.00");
  }

  private static JsonObjectBuilder listing(String startingPrice, Duration duration) {
    return Json.createObjectBuilder()
        .add("title", "Increment lot " + System.nanoTime())
        .add("categoryId", "4")
        .add("type", "ENGLISH")
        .add("currency", "EUR")
        .add("startingPrice", startingPrice)
        .add("endsAt", Instant.now().plus(duration).toString());
  }

  private static JsonObjectBuilder increment(String kind) {
    return Json.createObjectBuilder().add("kind", kind);
  }

  private static JsonObjectBuilder step(String from, String amount) {
    return Json.createObjectBuilder().add("from", from).add("amount", amount);
  }

  private String create(JsonObjectBuilder body) {
    Api.Reply reply = api.post("auctions", "sam", body.build().toString());
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().getString("id");
  }

  /** Refused with {@code code}, and no auction of that title was listed. */
  private void assertRefused(JsonObjectBuilder increment, String code) {
    String title = "refused increment " + System.nanoTime();
    Api.Reply reply =
        api.post("auctions", "sam",
            listing("10.00", Duration.ofHours(1)).add("title", title).add("increment", increment).build().toString());
    assertThat(reply.status()).as(reply.body()).isIn(400, 422);
    assertThat(reply.isProblem()).isTrue();
    assertThat(reply.json().getString("code")).as(reply.body()).isEqualTo(code);
    LifecycleIT.assertNoAuctionTitled(title);
  }

  private JsonObject view(String id) {
    return api.get("auctions/" + id, null).json();
  }

  private JsonObject bid(String id, String bidder, String amount) {
    Api.Reply reply = api.post(bids(id), bidder, "{\"amount\":\"" + amount + "\"}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json();
  }

  private static String bids(String id) {
    return "auctions/" + id + "/bids";
  }
}
