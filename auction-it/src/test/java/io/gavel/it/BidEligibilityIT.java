package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who may bid: identity verification above a category's threshold, blocked accounts, and the
 * per-bidder rate limit. Every refusal is the contract's problem and changes nothing.
 */
class BidEligibilityIT {

  private final Api api = Api.node(0);

  @Test
  void bidsAtOrAboveTheCategorysThresholdNeedTheVerificationLevel() {
    // Paintings (2): VERIFIED for bids or maximums of 10,000.00 or more; demo bidders are NONE
    String id = api.createAuction("sam", "2", "100.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";

    Api.Reply large = api.post(bids, "carol", "{\"amount\":\"10000.00\"}");
    assertThat(large.status()).as(large.body()).isEqualTo(403);
    assertThat(large.isProblem()).isTrue();
    assertThat(large.json().getString("code")).isEqualTo("KYC_REQUIRED");

    Api.Reply largeMaximum = api.post(bids, "carol", "{\"amount\":\"100.00\",\"maxAmount\":\"25000.00\"}");
    assertThat(largeMaximum.status()).isEqualTo(403);
    assertThat(largeMaximum.json().getString("code")).isEqualTo("KYC_REQUIRED");

    Api.Reply raised = api.put("auctions/" + id + "/proxy", "carol", "{\"maxAmount\":\"12000.00\"}");
    assertThat(raised.status()).isEqualTo(403);
    assertThat(raised.json().getString("code")).isEqualTo("KYC_REQUIRED");
    assertThat(api.get("auctions/" + id, null).json().getInt("bidCount")).isZero();

    // below the threshold the same bidder bids freely
    assertThat(api.post(bids, "carol", "{\"amount\":\"9999.00\"}").status()).isEqualTo(201);
  }

  @Test
  void staffBlockABidderWhoseBidsAreThenRefusedUntilReactivated() {
    String id = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    String erin = api.get("me", "erin").json().getString("id");
    String status = "users/" + erin + "/status";

    assertThat(api.put(status, "alice", "{\"status\":\"BLOCKED\"}").status()).isEqualTo(403);
    Api.Reply unknown = api.put(status, "stella", "{\"status\":\"GONE\"}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().getString("code")).isEqualTo("INVALID_STATUS");
    assertThat(api.put("users/nobody-" + System.nanoTime() + "/status", "stella", "{\"status\":\"BLOCKED\"}").status())
        .isEqualTo(404);

    try {
      Api.Reply blocked = api.put(status, "stella", "{\"status\":\"BLOCKED\",\"reason\":\"chargebacks\"}");
      assertThat(blocked.status()).as(blocked.body()).isEqualTo(200);
      assertThat(blocked.json().getString("status")).isEqualTo("BLOCKED");

      Api.Reply refused = api.post(bids, "erin", "{\"amount\":\"10.00\"}");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.isProblem()).isTrue();
      assertThat(refused.json().getString("code")).isEqualTo("BIDDER_BLOCKED");
      assertThat(api.get("me", "erin").json().getString("status")).isEqualTo("BLOCKED");
      assertThat(api.get("auctions/" + id, null).json().getInt("bidCount")).isZero();
    } finally {
      assertThat(api.put(status, "stella", "{\"status\":\"ACTIVE\"}").status()).isEqualTo(200);
    }
    assertThat(api.post(bids, "erin", "{\"amount\":\"10.00\"}").status()).isEqualTo(201);
  }

  @Test
  void aBurstAboveTheRateLimitIsRefusedWithRetryAfterAndNormalTrafficResumes() throws Exception {
    String id = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    // bids below the starting price: each is a cheap BID_TOO_LOW until the limit (40 at once,
    // then 20 per second) refuses them
    Api.Reply limited = null;
    for (int i = 0; i < 200 && limited == null; i++) {
      Api.Reply reply = api.post(bids, "dave", "{\"amount\":\"1.00\"}");
      if (reply.status() == 429) {
        limited = reply;
      } else {
        assertThat(reply.json().getString("code")).isEqualTo("BID_TOO_LOW");
      }
    }
    assertThat(limited).as("no request of the burst was limited").isNotNull();
    assertThat(limited.isProblem()).isTrue();
    assertThat(limited.json().getString("code")).isEqualTo("RATE_LIMITED");
    long retryAfter = Long.parseLong(limited.retryAfter().orElseThrow());
    assertThat(retryAfter).isPositive();
    assertThat(api.get("auctions/" + id, null).json().getInt("bidCount")).isZero();

    Thread.sleep(retryAfter * 1000);
    assertThat(api.post(bids, "dave", "{\"amount\":\"10.00\"}").status()).isEqualTo(201);
    Thread.sleep(2000); // let the bucket fill again for the tests that follow
  }

  @Test
  void highValueBidsNeedACoveringPaymentAuthorization() {
    // Art (1): bids or maximums of 1,000.00 or more need a payment authorisation on the auction
    String id = api.createAuction("sam", "1", "100.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    String authorizations = "auctions/" + id + "/payment-authorizations";

    Api.Reply uncovered = api.post(bids, "bob", "{\"amount\":\"1000.00\"}");
    assertThat(uncovered.status()).as(uncovered.body()).isEqualTo(402);
    assertThat(uncovered.isProblem()).isTrue();
    assertThat(uncovered.json().getString("code")).isEqualTo("PAYMENT_AUTHORIZATION_REQUIRED");
    assertThat(api.post(bids, "bob", "{\"amount\":\"500.00\"}").status()).isEqualTo(201);

    Api.Reply declined =
        api.post(authorizations, "bob", "{\"paymentMethod\":\"tok_insufficient_funds\",\"amount\":\"1500.00\"}");
    assertThat(declined.status()).isEqualTo(402);
    assertThat(declined.json().getString("code")).isEqualTo("PAYMENT_DECLINED");
    assertThat(declined.json().getString("declineCode")).isEqualTo("insufficient_funds");
    assertThat(api.post(authorizations, "bob", "{\"paymentMethod\":\"tok_visa\",\"amount\":\"-1.00\"}").status())
        .isEqualTo(422);
    assertThat(api.post(authorizations, "sam", "{\"paymentMethod\":\"tok_visa\",\"amount\":\"1500.00\"}").status())
        .isEqualTo(403);

    Api.Reply held = api.post(authorizations, "bob", "{\"paymentMethod\":\"tok_visa\",\"amount\":\"1500.00\"}");
    assertThat(held.status()).as(held.body()).isEqualTo(201);
    assertThat(held.json().getString("status")).isEqualTo("AUTHORIZED");
    assertThat(held.json().getString("amount")).isEqualTo("1500.00");

    assertThat(api.post(bids, "bob", "{\"amount\":\"1200.00\"}").status()).isEqualTo(201);
    Api.Reply beyond = api.post(bids, "bob", "{\"amount\":\"1300.00\",\"maxAmount\":\"2000.00\"}");
    assertThat(beyond.status()).isEqualTo(402);
    assertThat(beyond.json().getString("code")).isEqualTo("PAYMENT_AUTHORIZATION_REQUIRED");
    // someone else's authorisation covers only them
    assertThat(api.post(bids, "carol", "{\"amount\":\"1300.00\"}").status()).isEqualTo(402);
    assertThat(api.get("auctions/" + id, null).json().getInt("bidCount")).isEqualTo(2);
  }

  @Test
  void aKeyedPaymentAuthorizationHoldsOnceHoweverOftenItIsSent() throws Exception {
    String id = api.createAuction("sam", "1", "100.00", Duration.ofHours(1));
    String authorizations = "auctions/" + id + "/payment-authorizations";
    String body = "{\"paymentMethod\":\"tok_visa\",\"amount\":\"1500.00\"}";
    String key = "hold-" + System.nanoTime();

    // eight copies at once through both nodes, as a client retrying after timeouts might send them
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Api.Reply>> copies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Api node = Api.node(i % 2);
      copies.add(pool.submit(() -> node.post(authorizations, "erin", body, key)));
    }
    Set<String> ids = new HashSet<>();
    for (var copy : copies) {
      Api.Reply reply = copy.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(reply.status()).as(reply.body()).isEqualTo(201);
      ids.add(reply.json().getString("authorizationId"));
    }
    pool.shutdown();
    assertThat(ids).as("every copy answered with the one hold").hasSize(1);
    assertThat(holds(id, "erin")).as("holds placed at the gateway and stored").isEqualTo(1);

    Api.Reply other = api.post(authorizations, "erin", body.replace("1500.00", "2500.00"), key);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");

    String declinedKey = "declined-" + System.nanoTime();
    String declinedBody = "{\"paymentMethod\":\"tok_card_declined\",\"amount\":\"1500.00\"}";
    for (int i = 0; i < 2; i++) {
      Api.Reply declined = api.post(authorizations, "erin", declinedBody, declinedKey);
      assertThat(declined.status()).isEqualTo(402);
      assertThat(declined.json().getString("code")).isEqualTo("PAYMENT_DECLINED");
      assertThat(declined.json().getString("declineCode")).isEqualTo("card_declined");
    }
    assertThat(api.post(authorizations, "erin", body, declinedKey).json().getString("code"))
        .as("the key keeps its decline")
        .isEqualTo("IDEMPOTENCY_KEY_REUSED");

    String bidKey = "bid-" + System.nanoTime();
    assertThat(api.post("auctions/" + id + "/bids", "erin", "{\"amount\":\"100.00\"}", bidKey).status())
        .isEqualTo(201);
    assertThat(api.post(authorizations, "erin", body, bidKey).json().getString("code"))
        .as("a bid's key refuses a payment authorisation")
        .isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(api.post(authorizations, "erin", body, "k".repeat(65)).json().getString("code"))
        .isEqualTo("INVALID_IDEMPOTENCY_KEY");
    assertThat(holds(id, "erin")).isEqualTo(1);
  }

  /** Payment holds stored for {@code user} on auction {@code id} (read in the database). */
  private int holds(String id, String user) throws java.sql.SQLException {
    String bidderId = api.get("me", user).json().getString("id");
    try (var db = SharedPlatform.database();
        var count =
            db.prepareStatement("SELECT COUNT(*) FROM payment_authorizations WHERE auction_id = ? AND bidder_id = ?")) {
      count.setLong(1, Long.parseLong(id));
      count.setString(2, bidderId);
      try (var rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
