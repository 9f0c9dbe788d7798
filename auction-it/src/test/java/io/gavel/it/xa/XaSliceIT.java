package io.gavel.it.xa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gavel.platform.entity.Refusal;
import jakarta.inject.Inject;
import java.io.File;
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

  private void awaitDeliveries(long auctionId, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (delivered.of(auctionId).size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(count, delivered.of(auctionId).size(), "messages delivered");
  }
}
