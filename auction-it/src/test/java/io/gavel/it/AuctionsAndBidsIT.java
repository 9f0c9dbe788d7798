package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The foundation slice through the public REST contract on a real node. */
class AuctionsAndBidsIT {

  private final Api api = Api.node(0);

  @Test
  void sellerListsBiddersBidAndEveryoneSeesThePrice() {
    String id = api.createAuction("sam", "4", "100.00", Duration.ofHours(1));

    JsonObject fresh = api.get("auctions/" + id, null).json();
    assertThat(fresh.getString("status")).isEqualTo("ACTIVE");
    assertThat(fresh.getString("currentPrice")).isEqualTo("100.00");
    assertThat(fresh.getString("nextMinimumBid")).isEqualTo("100.00");
    assertThat(fresh.getInt("seq")).isZero();
    assertThat(fresh.get("leadingBidder")).as("present, null: nobody leads").isEqualTo(JsonValue.NULL);
    assertThat(fresh.getString("serverTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    Api.Reply accepted = api.post("auctions/" + id + "/bids", "alice", "{\"amount\":\"100.00\"}");
    assertThat(accepted.status()).isEqualTo(201);
    JsonObject ack = accepted.json();
    assertThat(ack.getString("status")).isEqualTo("LEADING");
    assertThat(ack.getBoolean("leading")).isTrue();
    assertThat(ack.getInt("seq")).isEqualTo(1);
    assertThat(ack.getString("nextMinimumBid")).isEqualTo("102.50");

    Api.Reply tooLow = api.post("auctions/" + id + "/bids", "bob", "{\"amount\":\"101.00\"}");
    assertThat(tooLow.status()).isEqualTo(422);
    assertThat(tooLow.isProblem()).isTrue();
    assertThat(tooLow.json().getString("code")).isEqualTo("BID_TOO_LOW");
    assertThat(tooLow.json().getString("nextMinimumBid")).isEqualTo("102.50");

    assertThat(api.post("auctions/" + id + "/bids", "bob", "{\"amount\":\"102.50\"}").status())
        .isEqualTo(201);

    JsonObject after = api.get("auctions/" + id, null).json();
    assertThat(after.getString("currentPrice")).isEqualTo("102.50");
    assertThat(after.getString("nextMinimumBid")).isEqualTo("105.00");
    assertThat(after.getInt("bidCount")).isEqualTo(2);
    assertThat(after.getString("leadingBidder")).isEqualTo("Bidder 2");
    assertThat(after.getInt("seq")).isEqualTo(2);

    JsonObject history = api.get("auctions/" + id + "/bids", "alice").json();
    assertThat(history.getInt("total")).isEqualTo(2);
    JsonObject newest = history.getJsonArray("items").getJsonObject(0);
    assertThat(newest.getString("bidder")).isEqualTo("Bidder 2");
    assertThat(newest.getBoolean("mine")).isFalse();
    assertThat(history.getJsonArray("items").getJsonObject(1).getBoolean("mine")).isTrue();
    assertThat(history.toString()).doesNotContain("alice").doesNotContain("bob");
  }

  @Test
  void reserveIsShownOnlyToTheSeller() {
    String body =
        "{\"title\":\"Reserve lot\",\"categoryId\":\"4\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
            + "\"startingPrice\":\"100.00\",\"reservePrice\":\"450.00\",\"endsAt\":\""
            + java.time.Instant.now().plusSeconds(3600)
            + "\"}";
    Api.Reply created = api.post("auctions", "sam", body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.location()).isPresent();
    String id = created.json().getString("id");
    assertThat(api.get("auctions/" + id, "sam").json().getString("reservePrice")).isEqualTo("450.00");
    JsonObject public_ = api.get("auctions/" + id, "alice").json();
    assertThat(public_.containsKey("reservePrice")).isFalse();
    assertThat(public_.getBoolean("reserveMet")).isFalse();
    // "450" alone is not enough: the seller's id is a random UUID and may hold those digits
    assertThat(api.get("auctions/" + id, null).body()).doesNotContain("reservePrice").doesNotContain("450.00");
  }

  @Test
  void aBidderCannotListAnAuction() {
    Api.Reply reply =
        api.post(
            "auctions",
            "alice",
            "{\"title\":\"x\",\"categoryId\":\"4\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
                + "\"startingPrice\":\"1.00\",\"endsAt\":\"2030-01-01T00:00:00.000Z\"}");
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.isProblem()).isTrue();
  }

  @Test
  void anonymousCannotBid() {
    String id = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    Api.Reply reply = api.post("auctions/" + id + "/bids", null, "{\"amount\":\"10.00\"}");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.isProblem()).isTrue();
    assertThat(api.get("auctions/" + id, null).json().getInt("bidCount")).isZero();
  }

  @Test
  void aSellerCannotBidOnTheirOwnAuction() {
    String id = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    Api.Reply reply = api.post("auctions/" + id + "/bids", "sam", "{\"amount\":\"10.00\"}");
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().getString("code")).isEqualTo("SELLER_CANNOT_BID");
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{                                  | 400 | MALFORMED_JSON",
        "[1,2]                              | 400 | MALFORMED_JSON",
        "{\"amount\": \"20.00\", \"amount\": \"10.00\"} | 400 | MALFORMED_JSON",
        "{\"amount\": 135.00}               | 422 | INVALID_FIELD",
        "{\"amount\": \"1.005\"}            | 422 | INVALID_AMOUNT",
        "{\"amount\": \"-5.00\"}            | 422 | INVALID_AMOUNT",
        "{\"amount\": \"99999999999999999\"} | 422 | INVALID_AMOUNT",
        "{\"amount\": \"1e3\"}              | 422 | INVALID_AMOUNT",
        "{\"amount\": \"20.00\", \"x\": 1}  | 422 | UNKNOWN_FIELD",
        "{}                                 | 422 | MISSING_FIELD"
      })
  void badBidsAreProblemsAndChangeNothing(String body, int status, String code) {
    String id = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    Api.Reply reply = api.post("auctions/" + id + "/bids", "alice", body);
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.isProblem()).isTrue();
    assertThat(reply.json().getString("code")).isEqualTo(code);
    JsonObject auction = api.get("auctions/" + id, null).json();
    assertThat(auction.getInt("bidCount")).isZero();
    assertThat(auction.getInt("seq")).isZero();
  }

  @Test
  void oversizeBodiesAndMissingAuctionsAreProblems() {
    String id = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    String huge = "{\"amount\":\"10.00\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    Api.Reply tooBig = api.post("auctions/" + id + "/bids", "alice", huge);
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.isProblem()).isTrue();
    // without Content-Length (chunked), counted in bytes: 25,000 euro signs are 75,000 bytes
    String wide = "{\"amount\":\"10.00\",\"pad\":\"" + "\u20ac".repeat(25_000) + "\"}";
    for (String body : new String[] {huge, wide}) {
      Api.Reply chunked = api.send("auctions/" + id + "/bids", "alice", r -> chunked(r, body));
      assertThat(chunked.status()).as("chunked, %d chars", body.length()).isEqualTo(413);
      assertThat(chunked.json().getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
    }
    assertThat(api.get("auctions/" + id, null).json().getInt("bidCount")).isZero();
    Api.Reply small = api.send("auctions/" + id + "/bids", "alice", r -> chunked(r, "{\"amount\":\"10.00\"}"));
    assertThat(small.status()).as("a small chunked body is read whole").isEqualTo(201);

    Api.Reply missing = api.post("auctions/999999999/bids", "alice", "{\"amount\":\"10.00\"}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.isProblem()).isTrue();
    assertThat(api.get("auctions/not-a-number", null).status()).isEqualTo(404);
  }

  /** {@code request} as a POST of {@code body} in chunks, with no Content-Length. */
  private static java.net.http.HttpRequest.Builder chunked(java.net.http.HttpRequest.Builder request, String body) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return request
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)));
  }

  @Test
  void badListingsAreProblems() {
    assertThat(api.post("auctions", "sam", "{\"title\":\"x\"}").json().getString("code"))
        .isEqualTo("MISSING_FIELD");
    Api.Reply unknownType =
        api.post(
            "auctions",
            "sam",
            "{\"title\":\"x\",\"categoryId\":\"4\",\"type\":\"REVERSE\",\"currency\":\"EUR\","
                + "\"startingPrice\":\"1.00\",\"endsAt\":\"2030-01-01T00:00:00.000Z\"}");
    assertThat(unknownType.status()).isEqualTo(422);
    Api.Reply tooLong =
        api.post(
            "auctions",
            "sam",
            "{\"title\":\"x\",\"categoryId\":\"4\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
                + "\"startingPrice\":\"1.00\",\"endsAt\":\"2099-01-01T00:00:00.000Z\"}");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().getString("code")).isEqualTo("INVALID_DURATION");
  }

  @Test
  void meDescribesTheCaller() {
    JsonObject me = api.get("me", "alice").json();
    assertThat(me.getString("username")).isEqualTo("alice");
    assertThat(me.getJsonArray("roles").getString(0)).isEqualTo("bidder");
    assertThat(me.getString("kycLevel")).isEqualTo("NONE");
    assertThat(me.getString("status")).isEqualTo("ACTIVE");
    assertThat(api.get("me", null).status()).isEqualTo(401);
  }

  @Test
  void categoriesAreATree() {
    var tree = api.get("categories", null).structure().asJsonArray();
    assertThat(tree).isNotEmpty();
    JsonObject art = tree.getJsonObject(0);
    assertThat(art.getString("name")).isEqualTo("Art");
    assertThat(art.get("parentId")).as("a root's parentId is null").isEqualTo(JsonValue.NULL);
    assertThat(art.getJsonArray("children").getJsonObject(0).getString("parentId"))
        .isEqualTo(art.getString("id"));
  }
}
