package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gavel.launcher.Platform;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nodes that die while bidders bid: no acknowledged bid is lost or doubled, a transaction a dead
 * node left unfinished holds up only its own auctions, and the node finishes it when it starts
 * again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BidFailoverIT {

  private static final List<String> BIDDERS = List.of("alice", "bob", "carol", "dave", "erin");

  private final Platform platform = SharedPlatform.get();
  private final Api survivor = Api.node(0);
  private final Api victim = Api.node(1);

  @Test
  @Order(1)
  void aNodeKilledWhileBiddingLosesAndDoublesNoAcknowledgedBidAndTheSurvivorBidsOn() throws Exception {
    Hammer hammer = new Hammer(10);
    try {
      Thread.sleep(4_000);
      hammer.killedAt.set(System.nanoTime());
      platform.killNode(1);
      Thread.sleep(8_000);
    } finally {
      try {
        hammer.finish();
      } finally {
        platform.startNode(1);
      }
    }
    System.out.printf(
        "kill -9 while bidding: %d bids acknowledged, %d of them sent after the kill%n",
        hammer.acknowledged.size(), hammer.acknowledgedAfterKill.get());
    assertLoggedOnceEach(hammer.auction, hammer.acknowledged);
    assertThat(hammer.acknowledgedAfterKill.get()).as("bids the survivor took after the kill").isGreaterThan(20);
  }

  /**
   * A prepared transaction branch whose transaction manager is gone (as a node killed between
   * prepare and commit leaves it) keeps its auction's row locked. That auction's bids are refused
   * after a bounded wait, with nothing recorded, and so is a staff cancel (busy, not a failure);
   * other auctions' bids on the same node go on at once; and once the branch is decided, the
   * auction takes bids again.
   */
  @Test
  @Order(2)
  void anAuctionLockedByAnUnfinishedTransactionRefusesItsBidsInTimeAndHoldsUpNoOtherAuction() throws Exception {
    String locked = survivor.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    String other = survivor.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    assertThat(survivor.post("auctions/" + locked + "/bids", "alice", "{\"amount\":\"10.00\"}").status()).isEqualTo(201);
    String xid = "'gavel-it-orphan-" + locked + "'";
    try (Connection c = SharedPlatform.database(); Statement s = c.createStatement()) {
      s.execute("XA START " + xid);
      s.executeUpdate("UPDATE auctions SET title = CONCAT(title, '.') WHERE id = " + locked);
      s.execute("XA END " + xid);
      s.execute("XA PREPARE " + xid);
    }
    try {
      long sent = System.nanoTime();
      CompletableFuture<Api.Reply> held =
          CompletableFuture.supplyAsync(
              () -> survivor.post("auctions/" + locked + "/bids", "bob", "{\"amount\":\"20.00\"}"));
      CompletableFuture<Api.Reply> cancel =
          CompletableFuture.supplyAsync(() -> survivor.post("auctions/" + locked + "/cancel", "stella", "{}"));
      Thread.sleep(300);
      for (int i = 0; i < 5; i++) {
        long t = System.nanoTime();
        Api.Reply reply =
            survivor.post(
                "auctions/" + other + "/bids", i % 2 == 0 ? "carol" : "dave", "{\"amount\":\"" + (10 + i) + ".00\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - t)).as("a bid on another auction").isLessThan(Duration.ofSeconds(2));
      }
      Api.Reply refused = held.get(30, TimeUnit.SECONDS);
      Duration waited = Duration.ofNanos(System.nanoTime() - sent);
      System.out.printf("bid on the locked auction: %d after %d ms%n", refused.status(), waited.toMillis());
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.json().getString("code")).isEqualTo("BID_NOT_PROCESSED");
      assertThat(refused.retryAfter()).isPresent();
      assertThat(waited).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(15));
      // a write outside the bid path waits the session's lock wait (10 s), then is refused as busy
      Api.Reply busy = cancel.get(30, TimeUnit.SECONDS);
      assertThat(busy.status()).as(busy.body()).isEqualTo(503);
      assertThat(busy.json().getString("code")).isEqualTo("RESOURCE_BUSY");
      assertThat(busy.retryAfter()).contains("10");
    } finally {
      try (Connection c = SharedPlatform.database(); Statement s = c.createStatement()) {
        s.execute("XA ROLLBACK " + xid);
      }
    }
    JsonObject state = survivor.get("auctions/" + locked, null).json();
    assertThat(state.getInt("bidCount")).as("the refused bid left nothing").isEqualTo(1);
    assertThat(state.getString("status")).as("the refused cancel left nothing").isEqualTo("ACTIVE");
    Api.Reply after = survivor.post("auctions/" + locked + "/bids", "bob", "{\"amount\":\"20.00\"}");
    assertThat(after.status()).as(after.body()).isEqualTo(201);
    assertThat(after.json().getInt("seq")).isEqualTo(2);
  }

  /**
   * The node is frozen until the database holds one of its batches prepared and not committed,
   * then killed. That auction takes no bid through the survivor; the survivor's own restart leaves
   * the dead node's branch alone (its log is not the survivor's); and when the dead node starts
   * again it finishes the transaction from its log, after which bidding goes on and every
   * acknowledged bid is in the log exactly once.
   */
  @Test
  @Order(3)
  void aNodeKilledBetweenPrepareAndCommitFinishesTheTransactionWhenItStartsAgain() throws Exception {
    Hammer hammer = new Hammer(10);
    long pid = platform.pids().get("node1");
    boolean caught = false;
    try {
      Thread.sleep(2_000);
      for (int attempt = 0; attempt < 300 && !caught; attempt++) {
        signal("STOP", pid);
        Thread.sleep(50);
        caught = !preparedBranches("node1").isEmpty();
        if (!caught) {
          signal("CONT", pid);
          Thread.sleep(100);
        }
      }
      assertThat(caught).as("a batch of node1 caught between prepare and commit").isTrue();
      hammer.killedAt.set(System.nanoTime());
      platform.killNode(1);
      // refused before it is judged: no batch gets the auction's row
      Api.Reply frozen = survivor.post("auctions/" + hammer.auction + "/bids", "erin", "{\"amount\":\"10.00\"}");
      assertThat(frozen.status()).as(frozen.body()).isEqualTo(503);
      platform.stopNode(0);
      platform.startNode(0);
      assertThat(preparedBranches("node1")).as("node1's branch after node0 started again").isNotEmpty();
    } finally {
      if (caught) {
        platform.startNode(1);
      } else {
        signal("CONT", pid);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!preparedBranches("node1").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(preparedBranches("node1")).as("node1's branches after node1 started again").isEmpty();
    hammer.finish();
    System.out.printf(
        "kill -9 between prepare and commit: %d bids acknowledged, %d of them sent after the kill%n",
        hammer.acknowledged.size(), hammer.acknowledgedAfterKill.get());
    assertLoggedOnceEach(hammer.auction, hammer.acknowledged);
    assertThat(hammer.acknowledgedAfterKill.get()).as("bids taken after the kill").isPositive();
  }

  /**
   * Clients bidding the next minimum on a new auction, alternately through node 0 and node 1,
   * each request under an Idempotency-Key of its own. A client repeats a request under the same
   * key, through node 0, until it is judged: when it got no answer (its node died or stopped), a
   * 503, or an answer that is not the API's (a node still starting).
   */
  private final class Hammer {
    final String auction = survivor.createAuction("sam", "4", "10.00", Duration.ofHours(1));
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong acknowledgedAfterKill = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool;
    private final List<Future<?>> clients = new ArrayList<>();

    Hammer(int count) {
      pool = Executors.newFixedThreadPool(count);
      for (int c = 0; c < count; c++) {
        String user = BIDDERS.get(c % BIDDERS.size());
        Api first = c % 2 == 0 ? survivor : victim;
        clients.add(pool.submit(() -> bid(auction, user, first)));
      }
    }

    private Void bid(String auction, String user, Api first) throws InterruptedException {
      Api node = first;
      String amount = survivor.get("auctions/" + auction, null).json().getString("nextMinimumBid");
      while (!stop.get()) {
        String key = UUID.randomUUID().toString();
        String body = "{\"amount\":\"" + amount + "\"}";
        long sent = System.nanoTime();
        Api.Reply reply = null;
        for (long giveUp = sent + TimeUnit.SECONDS.toNanos(180); reply == null; ) {
          try {
            reply = node.post("auctions/" + auction + "/bids", user, body, key);
          } catch (IllegalStateException nodeGone) {
            node = survivor;
            Thread.sleep(200);
          }
          // 503: refused without a decision; and a node still starting answers without the API
          if (reply != null
              && (reply.status() == 503 || reply.status() == 429 || reply.status() != 201 && !reply.isProblem())) {
            reply = null;
            Thread.sleep(300);
          }
          assertThat(System.nanoTime()).as("an answer to a bid of " + user).isLessThan(giveUp);
        }
        if (reply.status() == 201) {
          acknowledged.add(reply.json().getString("bidId"));
          if (sent > killedAt.get()) {
            acknowledgedAfterKill.incrementAndGet();
          }
        } else {
          assertThat(reply.json().getString("code")).as(reply.body()).isEqualTo("BID_TOO_LOW");
        }
        amount = reply.json().getString("nextMinimumBid");
      }
      return null;
    }

    void finish() throws Exception {
      stop.set(true);
      try {
        for (Future<?> f : clients) {
          f.get(3, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private void assertLoggedOnceEach(String auction, Set<String> acknowledged) {
    JsonObject state = survivor.get("auctions/" + auction, null).json();
    List<String> logged = new ArrayList<>();
    for (JsonValue v : survivor.allBids(auction)) {
      logged.add(v.asJsonObject().getString("bidId"));
    }
    assertThat(new HashSet<>(logged)).hasSameSizeAs(logged).containsExactlyInAnyOrderElementsOf(acknowledged);
    assertThat(state.getJsonNumber("seq").longValue()).isEqualTo(acknowledged.size());
    assertThat(survivor.get("auctions/" + auction + "/bids/replay", "stella").json().getBoolean("matches")).isTrue();
  }

  /** The XA branches MariaDB holds prepared for the transaction manager of node {@code node}. */
  private static List<String> preparedBranches(String node) throws Exception {
    List<String> branches = new ArrayList<>();
    try (Connection c = SharedPlatform.database();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("XA RECOVER")) {
      while (r.next()) {
        // the transaction id carries "<xa-servername>,server,P100", and each node's xa-servername
        // is its name (see the launcher's PayaraNode)
        String data = new String(r.getBytes(4), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (data.contains(node + ",server,")) {
          branches.add(data);
        }
      }
    }
    return branches;
  }

  /** Sends a signal to a process this test's platform started, by its PID. */
  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
