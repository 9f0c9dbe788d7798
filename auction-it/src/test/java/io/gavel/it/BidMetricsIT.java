package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The contract's operations endpoint {@code GET /metrics}: bid counts and latency histograms. */
class BidMetricsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Api api = Api.node(0);

  @Test
  void metricsCountEveryAnsweredBidByOutcomeAndTimeItsAcknowledgement() throws Exception {
    String id = api.createAuction("sam", "4", "100.00", Duration.ofHours(1));
    String bids = "auctions/" + id + "/bids";
    String before = metrics();

    assertThat(api.post(bids, "alice", "{\"amount\":\"100.00\"}").status()).isEqualTo(201);
    assertThat(api.post(bids, "bob", "{\"amount\":\"50.00\"}").status()).isEqualTo(422);
    assertThat(api.post(bids, "bob", "{\"amount\":\"60.00\"}").status()).isEqualTo(422);
    assertThat(api.post(bids, "sam", "{\"amount\":\"500.00\"}").status()).isEqualTo(403);

    String after = metrics();
    assertThat(after).contains("# TYPE gavel_bids_total counter");
    assertThat(delta(before, after, "gavel_bids_total", "outcome=\"accepted\"")).isEqualTo(1);
    assertThat(delta(before, after, "gavel_bids_total", "outcome=\"BID_TOO_LOW\"")).isEqualTo(2);
    assertThat(delta(before, after, "gavel_bids_total", "outcome=\"SELLER_CANNOT_BID\"")).isEqualTo(1);
    String acknowledgement = "gavel_bid_acknowledgement_microseconds";
    assertThat(delta(before, after, acknowledgement + "_count", "")).isEqualTo(4);
    // each of the four bids was alone in its auction's queue: four batch transactions of one command
    assertThat(delta(before, after, "gavel_bid_batch_microseconds_count", "")).isEqualTo(4);
    assertThat(delta(before, after, "gavel_bid_batch_commands_sum", "")).isEqualTo(4);
    // one unit throughout: no single acknowledgement exceeds their sum, the median not the maximum
    double max = value(after, acknowledgement + "_max", "");
    assertThat(max).isPositive().isLessThanOrEqualTo(value(after, acknowledgement + "_sum", ""));
    assertThat(value(after, acknowledgement, "quantile=\"0.5\"")).isPositive().isLessThanOrEqualTo(max);
    assertThat(after).containsPattern(acknowledgement + "\\{[^}]*quantile=\"0\\.99\"[^}]*\\} ");
  }

  private static String metrics() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(SharedPlatform.node(0).resolve(URI.create("/metrics")))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/plain")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static double delta(String before, String after, String name, String label) {
    return value(after, name, label) - value(before, name, label);
  }

  /** The sample of {@code name} whose labels contain {@code label}, 0 when there is none yet. */
  private static double value(String metrics, String name, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
    while (m.find()) {
      if (m.group(1).contains(label)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }
}
