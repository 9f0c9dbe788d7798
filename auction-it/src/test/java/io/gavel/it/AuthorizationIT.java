package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, with real Keycloak tokens: each endpoint is called by every kind of caller
 * (anonymous, a bidder, another bidder, the auction's seller, another seller, staff, admin) and
 * each answer is compared with the expected status. All mismatches of an endpoint are reported at
 * once. The reserve, a seller's secret, must appear in no answer to anyone but its seller and the
 * house (staff, admin).
 *
 * <p>An expectation of {@link #BUSINESS} means "let through to the business rules": any answer
 * but 401, 403 and 5xx (e.g. 404 for a caller who has no verification request, 422 for an invalid
 * body). The event stream (SSE) is public and not in the matrix; WebSocket bids per role are.
 */
class AuthorizationIT {

  private static final String RESERVE = "777.00";

  /** The callers, by demo user (null: anonymous), in the order of the expectations below. */
  private static final List<String> CALLERS =
      java.util.Arrays.asList(null, "alice", "bob", "sam", "sid", "stella", "adam");

  /** sam's lots' seller and the house. */
  private static final List<String> MAY_KNOW_RESERVE = List.of("sam", "stella", "adam");

  /** Any status but 401, 403 and 5xx. */
  private static final int BUSINESS = 0;

  private final Api api = Api.node(0);

  @Test
  void proxyMaximumsAreForBiddersOtherThanTheSeller() {
    String id = listedBySam();
    assertStatuses("PUT /auctions/{id}/proxy",
        caller -> api.put("auctions/" + id + "/proxy", caller, "{\"maxAmount\":\"150.00\"}"),
        401, 200, 200, 403, 403, 403, 403);
    assertStatuses("DELETE /auctions/{id}/proxy",
        caller -> api.delete("auctions/" + id + "/proxy", caller),
        401, BUSINESS, BUSINESS, 403, 403, 403, 403);
  }

  @Test
  void onlyBiddersOtherThanTheSellerMayAcceptADutchPrice() {
    Api.Reply dutch = api.post("auctions", "sam",
        "{\"title\":\"Authorization clock\",\"categoryId\":\"4\",\"type\":\"DUTCH\",\"currency\":\"EUR\","
            + "\"dutch\":{\"startPrice\":\"900.00\",\"floorPrice\":\"300.00\",\"decrement\":\"25.00\",\"intervalSeconds\":600},"
            + "\"endsAt\":\"" + Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}");
    assertThat(dutch.status()).as(dutch.body()).isEqualTo(201);
    String id = dutch.json().getString("id");
    // a stale price: bidders are refused by the rules (409 PRICE_CHANGED), the rest by their role
    assertStatuses("POST /auctions/{id}/accept",
        caller -> api.post("auctions/" + id + "/accept", caller, "{\"price\":\"1.00\"}"),
        401, 409, 409, 403, 403, 403, 403);
  }

  @Test
  void paymentAuthorizationsAreForBiddersOtherThanTheSeller() {
    String id = listedBySam();
    assertStatuses("POST /auctions/{id}/payment-authorizations",
        caller -> api.post("auctions/" + id + "/payment-authorizations", caller,
            "{\"paymentMethod\":\"tok_visa\",\"amount\":\"100.00\"}"),
        401, 201, 201, 403, 403, 403, 403);
  }

  @Test
  void everyoneSignedInHasTheirOwnVerificationAndOnlyTheHouseReviewsThem() throws Exception {
    assertStatuses("GET /me/verification", caller -> api.get("me/verification", caller),
        401, BUSINESS, BUSINESS, BUSINESS, BUSINESS, BUSINESS, BUSINESS);
    assertStatuses("POST /me/verification", caller -> api.post("me/verification", caller, "{}"),
        401, 422, 422, 422, 422, 422, 422);
    assertStatuses("GET /verifications", caller -> api.get("verifications", caller),
        401, 403, 403, 403, 403, 200, 200);
    assertStatuses("GET /verifications/{id}", caller -> api.get("verifications/999999999", caller),
        401, 403, 403, 403, 403, 404, 404);
    assertStatuses("GET /verifications/{id}/documents/{no}",
        caller -> api.get("verifications/999999999/documents/1", caller),
        401, 403, 403, 403, 403, 404, 404);
    assertStatuses("POST /verifications/{id}/approve",
        caller -> api.post("verifications/999999999/approve", caller, "{}"),
        401, 403, 403, 403, 403, 404, 404);
    assertStatuses("POST /verifications/{id}/reject",
        caller -> api.post("verifications/999999999/reject", caller, "{\"reason\":\"test\"}"),
        401, 403, 403, 403, 403, 404, 404);
    assertStatuses("PUT /me/verification/{id}/documents/{no} of nobody's request",
        caller -> api.putBytes("me/verification/999999999/documents/1", caller, new byte[] {1}, "image/png"),
        401, 404, 404, 404, 404, 404, 404);

    // a signed-in caller refused for their roles is in the audit log, with the request
    String alice = api.get("me", "alice").json().getString("id");
    try (var db = SharedPlatform.database();
        var denied = db.prepareStatement(
            "SELECT outcome, client_ip FROM audit_log WHERE action = 'access.denied' AND actor_id = ?"
                + " AND subject = 'GET /api/v1/verifications' ORDER BY id DESC LIMIT 1")) {
      denied.setString(1, alice);
      try (var rows = denied.executeQuery()) {
        assertThat(rows.next()).as("an audit entry for alice's refused request").isTrue();
        assertThat(rows.getString("outcome")).isEqualTo("FORBIDDEN");
        assertThat(rows.getString("client_ip")).isNotBlank();
      }
    }
  }

  @Test
  void theAuditLogRefusesChangesAndDeletionsEvenFromTheDatabaseOwner() throws Exception {
    api.get("me", "alice");
    try (var db = SharedPlatform.database();
        var statement = db.createStatement()) {
      long before = count(statement);
      assertThat(before).isPositive();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> statement.executeUpdate("UPDATE audit_log SET outcome = 'FORGED' WHERE id = (SELECT MIN(id) FROM (SELECT id FROM audit_log) a)"))
          .isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("append-only");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_log"))
          .isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("append-only");
      assertThat(count(statement)).isGreaterThanOrEqualTo(before);
      try (var forged = statement.executeQuery("SELECT COUNT(*) FROM audit_log WHERE outcome = 'FORGED'")) {
        forged.next();
        assertThat(forged.getLong(1)).isZero();
      }
    }
  }

  private static long count(java.sql.Statement statement) throws java.sql.SQLException {
    try (var rows = statement.executeQuery("SELECT COUNT(*) FROM audit_log")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void everyoneReadsOnlyTheirOwnBidsAndOnlyTheyKnowTheirMaximum() {
    assertStatuses("GET /me/bids", caller -> api.get("me/bids?size=100", caller), 401, 200, 200, 200, 200, 200, 200);
    String id = listedBySam();
    Api.Reply bid = api.post("auctions/" + id + "/bids", "alice", "{\"amount\":\"100.00\",\"maxAmount\":\"345.00\"}");
    assertThat(bid.status()).as(bid.body()).isEqualTo(201);
    String bidId = bid.json().getString("bidId");

    var mine = api.get("me/bids?size=100", "alice").json();
    var own = mine.getJsonArray("items").stream().map(v -> v.asJsonObject())
        .filter(b -> b.getString("bidId").equals(bidId)).findFirst().orElseThrow();
    assertThat(own.getString("auctionId")).isEqualTo(id);
    assertThat(own.getString("amount")).isEqualTo("100.00");
    assertThat(own.getString("maxAmount")).isEqualTo("345.00");
    assertThat(own.getString("type")).isEqualTo("MANUAL");
    assertThat(mine.getInt("total")).isGreaterThanOrEqualTo(1);

    assertThat(api.get("me/bids?size=100", "bob").body()).doesNotContain("\"bidId\":\"" + bidId + "\"");
    assertThat(api.get("auctions/" + id + "/bids", "bob").body()).doesNotContain("345.00");
    assertThat(api.get("auctions/" + id + "/bids", "sam").body()).as("not even the seller").doesNotContain("345.00");
  }

  @Test
  void overTheSocketOnlyBiddersOtherThanTheSellerMayBid() throws Exception {
    String id = listedBySam();
    Map<String, String> wrong = new LinkedHashMap<>();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(null, "AUTHENTICATION_REQUIRED");
    expected.put("sam", "SELLER_CANNOT_BID");
    expected.put("sid", "FORBIDDEN");
    expected.put("stella", "FORBIDDEN");
    expected.put("adam", "FORBIDDEN");
    expected.put("alice", "LEADING");
    for (var e : expected.entrySet()) {
      try (LiveClient client = LiveClient.connect(0, e.getKey())) {
        client.send(jakarta.json.Json.createObjectBuilder()
            .add("type", "bid").add("requestId", "r-" + e.getKey()).add("auctionId", id).add("amount", "100.00")
            .build());
        var result = client.await(LiveClient.type("bid.result"), java.time.Duration.ofSeconds(10));
        String outcome = result.containsKey("code") ? result.getString("code") : result.getString("status");
        if (!outcome.equals(e.getValue())) {
          wrong.put(String.valueOf(e.getKey()), outcome + " instead of " + e.getValue());
        }
      }
    }
    assertThat(wrong).as("WebSocket bid").isEmpty();
  }

  @Test
  void listingIsForSellersOnly() {
    // sid lists a lot of his own: a reserve of another amount, which he may see
    assertStatuses("POST /auctions", caller -> api.post("auctions", caller, listing("sid".equals(caller) ? "666.00" : RESERVE)),
        401, 403, 403, 201, 201, 403, 403);
  }

  @Test
  void anyoneMayReadAnAuctionButOnlyItsSellerAndTheHouseSeeTheReserve() {
    String id = listedBySam();
    Map<String, String> leaks = new LinkedHashMap<>();
    assertStatuses("GET /auctions/{id}", caller -> {
      Api.Reply reply = api.get("auctions/" + id, caller);
      boolean mayKnow = "sam".equals(caller) || "stella".equals(caller) || "adam".equals(caller);
      if (reply.body().contains(RESERVE) != mayKnow) {
        leaks.put(String.valueOf(caller), mayKnow ? "reserve missing" : "reserve leaked: " + reply.body());
      }
      return reply;
    }, 200, 200, 200, 200, 200, 200, 200);
    assertThat(leaks).as("who sees the reserve").isEmpty();
  }

  @Test
  void onlyItsSellerAndTheHouseMayReviseAnAuction() {
    String id = listedBySam();
    assertStatuses("PATCH /auctions/{id}",
        caller -> api.patch("auctions/" + id, caller, "{\"description\":\"revised by " + caller + "\"}"),
        401, 403, 403, 200, 403, 200, 200);
  }

  @Test
  void onlyItsSellerAndTheHouseMayCancelAnAuction() {
    // a fresh auction per caller: a cancel that is allowed ends it
    assertStatuses("POST /auctions/{id}/cancel",
        caller -> api.post("auctions/" + listedBySam() + "/cancel", caller, "{}"),
        401, 403, 403, 200, 403, 200, 200);
  }

  @Test
  void onlyBiddersOtherThanItsSellerMayBid() {
    String id = listedBySam();
    // alice opens at the starting price and bob raises well above the next minimum; the others
    // are refused before their amount matters (sam holds the bidder role too, but it is his lot)
    Map<String, String> amounts = new java.util.HashMap<>(Map.of("alice", "100.00", "bob", "150.00"));
    assertStatuses("POST /auctions/{id}/bids",
        caller -> api.post("auctions/" + id + "/bids", caller,
            "{\"amount\":\"" + amounts.getOrDefault(caller, "200.00") + "\"}"),
        401, 201, 201, 403, 403, 403, 403);
  }

  @Test
  void onlyTheHouseMayReplayAnAuctionsBids() {
    String id = listedBySam();
    assertStatuses("GET /auctions/{id}/bids/replay",
        caller -> api.get("auctions/" + id + "/bids/replay", caller),
        401, 403, 403, 403, 403, 200, 200);
  }

  @Test
  void anyoneMayReadTheBidHistory() {
    String id = listedBySam();
    assertStatuses("GET /auctions/{id}/bids",
        caller -> api.get("auctions/" + id + "/bids", caller),
        200, 200, 200, 200, 200, 200, 200);
  }

  @Test
  void onlyTheHouseMaySetAUsersStatus() {
    String erin = api.get("me", "erin").json().getString("id");
    assertStatuses("PUT /users/{id}/status",
        caller -> api.put("users/" + erin + "/status", caller, "{\"status\":\"ACTIVE\",\"reason\":\"authorization test\"}"),
        401, 403, 403, 403, 403, 200, 200);
  }

  @Test
  void everyoneSignedInHasAProfile() {
    assertStatuses("GET /me", caller -> api.get("me", caller), 401, 200, 200, 200, 200, 200, 200);
  }

  @Test
  void aProfileCreatedFromATokenIsAuditedOnce() throws Exception {
    String name = "newcomer" + System.nanoTime();
    Tokens.createUser(name, "bidder");
    String token = Tokens.fetch("auction", "auction-cli", name, name + "-pw");
    Api.Reply first = api.getWithToken("me", token);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(api.getWithToken("me", token).status()).isEqualTo(200);
    String id = first.json().getString("id");

    try (var db = SharedPlatform.database();
        var entries = db.prepareStatement(
            "SELECT actor_id, outcome, detail FROM audit_log WHERE action = 'user.created' AND subject = ?")) {
      entries.setString(1, "user:" + id);
      try (var rows = entries.executeQuery()) {
        assertThat(rows.next()).as("an audit entry for the new profile").isTrue();
        assertThat(rows.getString("actor_id")).isEqualTo(id);
        assertThat(rows.getString("outcome")).isEqualTo("CREATED");
        assertThat(rows.getString("detail")).contains(name).contains("bidder");
        assertThat(rows.next()).as("only one, however many requests").isFalse();
      }
    }
  }

  /**
   * Calls {@code call} as every caller and compares the statuses with {@code expected}; also
   * checks that no answer to a caller other than the seller sam and the house contains the reserve.
   */
  private static void assertStatuses(String endpoint, Function<String, Api.Reply> call, int... expected) {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < CALLERS.size(); i++) {
      String caller = CALLERS.get(i);
      Api.Reply reply = call.apply(caller);
      int status = reply.status();
      if ((caller == null || !MAY_KNOW_RESERVE.contains(caller)) && reply.body().contains(RESERVE)) {
        wrong.add((caller == null ? "anonymous" : caller) + " was shown the reserve: " + reply.body());
      }
      boolean ok = expected[i] == BUSINESS ? status != 401 && status != 403 && status < 500 : status == expected[i];
      if (!ok) {
        wrong.add((caller == null ? "anonymous" : caller) + ": " + status + " instead of " + expected[i]);
      }
    }
    assertThat(wrong).as(endpoint).isEmpty();
  }

  private String listedBySam() {
    Api.Reply reply = api.post("auctions", "sam", listing());
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().getString("id");
  }

  private static String listing() {
    return listing(RESERVE);
  }

  private static String listing(String reserve) {
    return "{\"title\":\"Authorization lot\",\"categoryId\":\"4\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
        + "\"startingPrice\":\"100.00\",\"reservePrice\":\"" + reserve + "\",\"endsAt\":\""
        + Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}";
  }
}
