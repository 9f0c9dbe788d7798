package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Write limits per client address and per user: a burst above the limit gets {@code 429
 * RATE_LIMITED} with {@code Retry-After}, others are not affected, and traffic resumes after the
 * wait. The nodes trust 127.0.0.1 as a proxy, so a test's X-Forwarded-For stands for another client
 * (127.0.0.1 itself is exempt, for the rest of the suite).
 */
class RateLimitIT {

  private final Api api = Api.node(0);

  @Test
  void aBurstOfWritesFromOneAddressIsLimitedWhileOtherAddressesAreNot() throws Exception {
    String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 250);
    Api.Reply limited = null;
    int admitted = 0;
    for (int i = 0; i < 2_000 && limited == null; i++) {
      Api.Reply reply = anonymousListing(address);
      if (reply.status() == 429) {
        limited = reply;
      } else {
        assertThat(reply.status()).as("anonymous writes are refused as such until limited").isEqualTo(401);
        admitted++;
      }
    }
    assertThat(limited).as("no write of the burst was limited").isNotNull();
    assertThat(admitted).isGreaterThanOrEqualTo(SharedPlatform.ADDRESS_BURST);
    assertThat(limited.isProblem()).isTrue();
    assertThat(limited.json().getString("code")).isEqualTo("RATE_LIMITED");
    long retryAfter = Long.parseLong(limited.retryAfter().orElseThrow());
    assertThat(retryAfter).isPositive();

    assertThat(anonymousListing("203.0.113.9").status()).as("another address").isEqualTo(401);
    assertThat(api.get("auctions/1", null).status()).as("reads are not limited").isNotEqualTo(429);

    Thread.sleep(retryAfter * 1000);
    assertThat(anonymousListing(address).status()).as("after Retry-After").isEqualTo(401);
  }

  @Test
  void aBurstOfWritesByOneUserIsLimitedButTheirBidsAreNot() throws Exception {
    String name = "hasty" + System.nanoTime();
    Tokens.createUser(name, "bidder");
    Api.Reply limited = null;
    int admitted = 0;
    for (int i = 0; i < 3_000 && limited == null; i++) {
      // an empty verification request: refused as invalid, cheaply, until the limit refuses it
      Api.Reply reply = api.post("me/verification", name, "{}");
      if (reply.status() == 429) {
        limited = reply;
      } else {
        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        admitted++;
      }
    }
    assertThat(limited).as("no write of the burst was limited").isNotNull();
    assertThat(admitted).isGreaterThanOrEqualTo(SharedPlatform.USER_BURST);
    assertThat(limited.json().getString("code")).isEqualTo("RATE_LIMITED");
    long retryAfter = Long.parseLong(limited.retryAfter().orElseThrow());
    assertThat(retryAfter).isPositive();

    // bids have their own limit in the bid pipeline
    String auction = api.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    Api.Reply bid = api.post("auctions/" + auction + "/bids", name, "{\"amount\":\"10.00\"}");
    assertThat(bid.status()).as(bid.body()).isEqualTo(201);
    assertThat(api.post("me/verification", "carol", "{}").status()).as("another user").isEqualTo(422);

    Thread.sleep(retryAfter * 1000);
    assertThat(api.post("me/verification", name, "{}").status()).as("after Retry-After").isEqualTo(422);
  }

  private Api.Reply anonymousListing(String address) {
    return api.send(
        "auctions",
        null,
        b -> b.header("X-Forwarded-For", address)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
  }
}
