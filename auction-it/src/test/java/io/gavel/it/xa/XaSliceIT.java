package io.gavel.it.xa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gavel.auction.messaging.AuctionEventReceived;
import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.bidding.control.BidCommand;
import io.gavel.bidding.control.BidSequencer;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import java.io.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bid slice is one XA transaction over MariaDB and Artemis: when anything fails after the
 * bid's event was sent, neither the rows nor the message survive. Runs inside Payara Micro
 * (Arquillian) with the real application archive plus three test-only beans.
 */
@ExtendWith(ArquillianExtension.class)
class XaSliceIT {

  @Deployment
  static WebArchive deployment() {
    File war = new File(System.getProperty("gavel.dist", "../launcher/target/dist"), "auction-web.war");
    return ShrinkWrap.createFromZipFile(WebArchive.class, war)
        .addClasses(Probe.class, Delivered.class, FailureInjector.class, XaSliceIT.class);
  }

  @Inject Probe probe;
  @Inject Delivered delivered;
  @Inject FailureInjector failures;
  @Inject BidSequencer sequencer;

  @Test
  void rowsWrittenOnPlainJdbcRollBackWithTheTransaction() {
    long auctionId = probe.listAuction();
    probe.placeCommittedBid(auctionId, "10.00"); // the auction's event 1

    // both statements go to the server as one text, and the second fails after the first one
    // wrote its row: the driver reports the failure, and the row goes with the transaction (the
    // connection is the transaction's, not one that commits on its own)
    assertThrows(EJBException.class, () -> probe.writeRows(auctionId, true));
    assertEquals(0, probe.auditRows(auctionId, "WRITTEN"));

    // control: both rows of a write that does not fail are there after the commit
    probe.writeRows(auctionId, false);
    assertEquals(2, probe.auditRows(auctionId, "WRITTEN"));
  }

  @Test
  void anAuctionReadOnPlainJdbcIsTheOneJpaReads() throws Exception {
    // bid batches read auctions through EntityRows, from the entity's JPA mapping; EclipseLink
    // reads the same rows elsewhere: every persistent field must come out the same
    long english = probe.listFullAuction(false);
    probe.placeCommittedBid(english, "10.00");
    long dutch = probe.listFullAuction(true);

    assertEquals(List.of(), probe.jdbcAndJpaDiffer(english, 45));
    assertEquals(List.of(), probe.jdbcAndJpaDiffer(dutch, 45));
  }

  @Test
  void aFailureAfterTheSendLeavesNoRowAndNoMessage() throws Exception {
    long auctionId = probe.listAuction();

    // control: a bid that commits is stored once and delivered once
    probe.placeCommittedBid(auctionId, "10.00");
    awaitDeliveries(auctionId, 1);
    assertEquals(1, probe.bidRows(auctionId));

    // the batch fails after its rows were written and its event was sent: all of it rolls back
    failures.poison(auctionId);
    Refusal refused = assertThrows(Refusal.class, () -> probe.placeCommittedBid(auctionId, "20.00"));
    assertEquals("BID_NOT_PROCESSED", refused.code());
    assertEquals(503, refused.status());

    Thread.sleep(3000); // a committed message would arrive within milliseconds
    assertEquals(1, delivered.of(auctionId).size(), "messages delivered");
    assertEquals(1, probe.bidRows(auctionId), "bid rows");
    assertEquals(1, probe.eventRows(auctionId), "event rows");
    assertEquals(1, probe.seq(auctionId), "auction seq");

    // the auction's lane recovers from the database: the same bid now gets the next seq
    failures.heal(auctionId);
    assertEquals(2, probe.placeCommittedBid(auctionId, "20.00").seq());
    awaitDeliveries(auctionId, 2);

    // a refused bid leaves nothing but its audit entry
    long rows = probe.bidRows(auctionId);
    assertEquals(0, probe.auditRows(auctionId, "BID_TOO_LOW"));
    assertEquals("BID_TOO_LOW", probe.placeRefusedBid(auctionId, "20.00"));
    assertEquals(1, probe.auditRows(auctionId, "BID_TOO_LOW"));
    assertEquals(rows, probe.bidRows(auctionId), "bid rows");
    assertEquals(2, probe.seq(auctionId), "auction seq");
  }

  /**
   * Sixteen bidders at once on one auction while every third batch written on it fails after its
   * rows and its event were sent: the failed batches' commands are judged again (alone, when need
   * be), and whatever was acknowledged is in the log exactly once, under its own seq, with the
   * price rising with seq and the stored state equal to the replayed log.
   */
  @Test
  void failingBatchesAmongConcurrentBidsLoseAndDoubleNothing() throws Exception {
    long auctionId = probe.listAuction();
    failures.failEvery(auctionId, 3);
    int threads = 16;
    int bidsEach = 12;
    AtomicLong amounts = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<String>>> runs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Caller bidder = new Caller("it-xa-p" + t, "it-xa-p" + t, "XA P" + t, Set.of("bidder"), null, null);
      runs.add(
          pool.submit(
              () -> {
                List<String> outcomes = new ArrayList<>();
                for (int b = 0; b < bidsEach; b++) {
                  String amount = (amounts.incrementAndGet() * 50 + 100) + ".00"; // up to 9,700: below every KYC threshold
                  outcomes.add(probe.bid(bidder, auctionId, amount));
                }
                return outcomes;
              }));
    }
    Map<Long, BigDecimal> priceBySeq = new TreeMap<>();
    int accepted = 0;
    for (Future<List<String>> run : runs) {
      for (String outcome : run.get(3, TimeUnit.MINUTES)) {
        if (outcome.contains(":")) {
          accepted++;
          String[] parts = outcome.split(":");
          assertNull(priceBySeq.put(Long.parseLong(parts[0]), new BigDecimal(parts[1])), "seq given twice: " + outcome);
        } else {
          assertTrue(Set.of("BID_TOO_LOW", "BID_NOT_PROCESSED").contains(outcome), outcome);
        }
      }
    }
    pool.shutdown();
    failures.heal(auctionId);

    assertTrue(failures.failed(auctionId) > 0, "some batches failed");
    assertTrue(accepted > threads, "accepted " + accepted);
    long seq = probe.seq(auctionId);
    assertEquals(accepted, seq, "every acknowledged bid has its own seq, 1.." + seq);
    assertEquals(seq, priceBySeq.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
    assertEquals(seq, probe.bidRows(auctionId), "bid rows");
    assertEquals(seq, probe.eventRows(auctionId), "event rows");
    BigDecimal previous = BigDecimal.ZERO;
    for (BigDecimal price : priceBySeq.values()) {
      assertTrue(price.compareTo(previous) > 0, "price rises with seq: " + priceBySeq);
      previous = price;
    }
    assertTrue(probe.replayMatches(auctionId), "stored state equals the replayed log");
    // only committed batches were announced: each seq once, none of a rolled-back batch
    awaitDeliveries(auctionId, (int) seq);
    Thread.sleep(1000);
    assertEquals(
        LongStream.rangeClosed(1, seq).boxed().toList(),
        delivered.of(auctionId).stream().map(AuctionEventReceived::seq).sorted().toList(),
        "seqs delivered");
  }

  /**
   * A batch meets an Idempotency-Key stored by an earlier batch twice: first with another request
   * (refused), then with the stored request, which must get the stored acknowledgement again, not
   * be judged as a new bid (it would be too low now).
   */
  @Test
  void aStoredKeyAnswersItsRequestAfterADifferentRequestUnderItInTheSameBatch() throws Exception {
    long auctionId = probe.listAuction();
    Caller keyed = new Caller("it-xa-keyed", "it-xa-keyed", "XA Keyed", Set.of("bidder"), null, null);
    Caller other = new Caller("it-xa-other", "it-xa-other", "XA Other", Set.of("bidder"), null, null);
    String key = "xa-key-" + System.nanoTime();
    BidOutcome.Accepted stored =
        (BidOutcome.Accepted)
            sequencer.submit(auctionId, BidCommand.place(keyed, "10.00", null, key)).get(10, TimeUnit.SECONDS);

    FailureInjector.Gate gate = failures.gate(auctionId);
    CompletableFuture<BidOutcome> held;
    CompletableFuture<BidOutcome> different;
    CompletableFuture<BidOutcome> repeated;
    try {
      held = sequencer.submit(auctionId, BidCommand.place(other, "10.50", null, null));
      gate.awaitBatch(); // everything submitted now queues for the next batch, in this order
      different = sequencer.submit(auctionId, BidCommand.place(keyed, "11.00", null, key));
      repeated = sequencer.submit(auctionId, BidCommand.place(keyed, "10.00", null, key));
    } finally {
      failures.ungate(auctionId);
      gate.pass();
    }

    assertEquals(2, ((BidOutcome.Accepted) held.get(10, TimeUnit.SECONDS)).seq());
    ExecutionException reused =
        assertThrows(ExecutionException.class, () -> different.get(10, TimeUnit.SECONDS));
    assertEquals("IDEMPOTENCY_KEY_REUSED", ((Refusal) reused.getCause()).code());
    BidOutcome again = repeated.get(10, TimeUnit.SECONDS);
    assertEquals(stored, again, "the stored acknowledgement, not a new judgement of the repeated request");
    assertEquals(2, probe.seq(auctionId));
    assertEquals(2, probe.bidRows(auctionId));
  }

  private void awaitDeliveries(long auctionId, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (delivered.of(auctionId).size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(count, delivered.of(auctionId).size(), "messages delivered");
  }
}
