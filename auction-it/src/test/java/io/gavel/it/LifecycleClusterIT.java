package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gavel.launcher.Platform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Closure on a cluster where nodes come and go: many simultaneous ends closed exactly once and on
 * time, a node killed with SIGKILL before its auctions end, and a full stop of every node across
 * end times. The database is read directly: it is the truth these tests are about.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleClusterIT {

  /** What one auction looked like in the database after closing. */
  record Closed(
      long id, String status, String outcome, Instant endsAt, Instant closedAt, int closedEvents) {

    Duration lateness() {
      return closedAt == null ? null : Duration.between(endsAt, closedAt);
    }
  }

  @Test
  @Order(1)
  void twoHundredAuctionsEndingWithinTenSecondsCloseOnceAndOnTime() throws Exception {
    Instant base = Instant.now().plusSeconds(25);
    List<Long> ids = createMany(200, base, 10, true);
    Map<Long, Closed> closed = awaitClosed(ids, base.plusSeconds(25));
    report("200 ends within 10 s", closed);
    for (Closed c : closed.values()) {
      assertThat(c.status()).as("auction %d", c.id()).isEqualTo("CLOSED");
      assertThat(c.closedEvents()).as("auction.closed events of %d", c.id()).isEqualTo(1);
      assertThat(c.lateness()).as("lateness of %d", c.id()).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Test
  @Order(2)
  void theSurvivorClosesTheAuctionsOfANodeKilledBeforeTheyEnd() throws Exception {
    Platform platform = SharedPlatform.get();
    Instant base = Instant.now().plusSeconds(15);
    List<Long> ids = createMany(60, base, 5, false);
    platform.killNode(1);
    try {
      Map<Long, Closed> closed = awaitClosed(ids, base.plusSeconds(20));
      report("after kill -9 of node1", closed);
      for (Closed c : closed.values()) {
        assertThat(c.status()).as("auction %d", c.id()).isEqualTo("CLOSED");
        assertThat(c.closedEvents()).isEqualTo(1);
        assertThat(c.lateness()).as("lateness of %d", c.id()).isBetween(Duration.ZERO, Duration.ofSeconds(1));
      }
    } finally {
      platform.startNode(1);
    }
  }

  @Test
  @Order(3)
  void afterAFullStopSpanningEndTimesEveryDueAuctionClosesOnStartUpWithItsResult() throws Exception {
    Platform platform = SharedPlatform.get();
    Api api = Api.node(0);
    Instant ends = Instant.now().plusSeconds(8);
    Map<Long, String> expected = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      var body = LifecycleIT.listing("ENGLISH", "10.00", Duration.between(Instant.now(), ends));
      if (i % 3 == 2) {
        body.add("reservePrice", "50.00");
      }
      Api.Reply created = api.post("auctions", "sam", body.build().toString());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      long id = Long.parseLong(created.json().getString("id"));
      if (i % 3 == 0) {
        expected.put(id, "NO_BIDS");
      } else {
        assertThat(api.post("auctions/" + id + "/bids", "alice", "{\"amount\":\"10.00\"}").status()).isEqualTo(201);
        expected.put(id, i % 3 == 1 ? "SOLD" : "RESERVE_NOT_MET");
      }
    }
    stopConcurrently(platform);
    try {
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), ends.plusSeconds(3)).toMillis()));
      for (Closed c : read(expected.keySet()).values()) {
        assertThat(c.status()).as("nobody runs: auction %d is still open", c.id()).isEqualTo("ACTIVE");
      }
    } finally {
      startConcurrently(platform);
    }
    Map<Long, Closed> closed = awaitClosed(expected.keySet(), Instant.now().plusSeconds(20));
    for (Closed c : closed.values()) {
      assertThat(c.status()).isEqualTo("CLOSED");
      assertThat(c.outcome()).as("auction %d", c.id()).isEqualTo(expected.get(c.id()));
      assertThat(c.closedEvents()).isEqualTo(1);
    }
    assertThat(api.post("auctions/" + expected.keySet().iterator().next() + "/bids", "bob", "{\"amount\":\"99.00\"}").json().getString("code"))
        .isEqualTo("AUCTION_NOT_ACTIVE");
  }

  // --- helpers -----------------------------------------------------------------------------

  /**
   * Lists {@code count} auctions ending within {@code spreadSeconds} after {@code base}, listed
   * alternately through both nodes (or only through node 1 when {@code bothNodes} is false), with
   * a bid on every fourth.
   */
  private static List<Long> createMany(int count, Instant base, int spreadSeconds, boolean bothNodes)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  Api api = Api.node(bothNodes ? n % 2 : 1);
                  Instant end = base.plusMillis((long) n * spreadSeconds * 1000 / count);
                  var body = LifecycleIT.listing("ENGLISH", "10.00", Duration.ofSeconds(1));
                  body.add("endsAt", end.toString());
                  Api.Reply created = api.post("auctions", "sam", body.build().toString());
                  if (created.status() != 201) {
                    throw new AssertionError(created.body());
                  }
                  long id = Long.parseLong(created.json().getString("id"));
                  if (n % 4 == 0) {
                    api.post("auctions/" + id + "/bids", "alice", "{\"amount\":\"10.00\"}");
                  }
                  return id;
                }));
      }
      List<Long> ids = new ArrayList<>();
      for (Future<Long> f : futures) {
        ids.add(f.get());
      }
      assertThat(Instant.now()).as("listing took too long for the test's timing").isBefore(base);
      return ids;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<Long, Closed> awaitClosed(java.util.Collection<Long> ids, Instant deadline)
      throws Exception {
    Map<Long, Closed> state = read(ids);
    while (Instant.now().isBefore(deadline)
        && state.values().stream().anyMatch(c -> !"CLOSED".equals(c.status()))) {
      Thread.sleep(500);
      state = read(ids);
    }
    return state;
  }

  /** The auctions' closing state, in one query (the poll must not load the box it measures). */
  private static Map<Long, Closed> read(java.util.Collection<Long> ids) throws SQLException {
    Map<Long, Closed> result = new HashMap<>();
    String in = String.join(",", ids.stream().map(String::valueOf).toList());
    try (Connection db = SharedPlatform.database();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT a.id, a.status, a.outcome, a.ends_at, a.closed_at,"
                    + " (SELECT COUNT(*) FROM auction_events e WHERE e.auction_id = a.id AND e.type = 'auction.closed')"
                    + " FROM auctions a WHERE a.id IN (" + in + ")");
        ResultSet row = query.executeQuery()) {
      while (row.next()) {
        long id = row.getLong(1);
        result.put(
            id,
            new Closed(
                id,
                row.getString(2),
                row.getString(3),
                utc(row.getObject(4, java.time.LocalDateTime.class)),
                utc(row.getObject(5, java.time.LocalDateTime.class)),
                row.getInt(6)));
      }
    }
    assertThat(result.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    return result;
  }

  /** DATETIME columns hold UTC wall-clock times. */
  private static Instant utc(java.time.LocalDateTime t) {
    return t == null ? null : t.toInstant(java.time.ZoneOffset.UTC);
  }

  private static void report(String what, Map<Long, Closed> closed) {
    List<Long> millis =
        closed.values().stream()
            .map(Closed::lateness)
            .filter(java.util.Objects::nonNull)
            .map(Duration::toMillis)
            .sorted()
            .toList();
    if (!millis.isEmpty()) {
      System.out.printf(
          "closing lateness %s: %d auctions, p50 %d ms, p99 %d ms, max %d ms%n",
          what,
          millis.size(),
          millis.get(millis.size() / 2),
          millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1)),
          millis.get(millis.size() - 1));
    }
  }

  private static void stopConcurrently(Platform platform) throws InterruptedException {
    Thread other = new Thread(() -> platform.stopNode(1));
    other.start();
    platform.stopNode(0);
    other.join();
  }

  private static void startConcurrently(Platform platform) throws InterruptedException {
    Thread other = new Thread(() -> platform.startNode(1));
    other.start();
    platform.startNode(0);
    other.join();
  }
}
