package io.gavel.it.xa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
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
 * (Arquillian) with the real application archive plus two test-only beans.
 */
@ExtendWith(ArquillianExtension.class)
class XaSliceIT {

  @Deployment
  static WebArchive deployment() {
    File war = new File(System.getProperty("gavel.dist", "../launcher/target/dist"), "auction-web.war");
    return ShrinkWrap.createFromZipFile(WebArchive.class, war)
        .addClasses(Probe.class, Delivered.class, XaSliceIT.class);
  }

  @Inject Probe probe;
  @Inject Delivered delivered;

  @Test
  void aFailureAfterTheSendLeavesNoRowAndNoMessage() throws Exception {
    long auctionId = probe.listAuction();

    // control: a bid that commits is stored once and delivered once
    probe.placeCommittedBid(auctionId);
    awaitDeliveries(auctionId, 1);
    assertEquals(1, probe.bidRows(auctionId));

    EJBException failure =
        assertThrows(EJBException.class, () -> probe.bidThenFail(auctionId, "20.00"));
    assertTrue(String.valueOf(failure.getCause()).contains("injected failure"), failure::toString);

    Thread.sleep(3000); // a committed message would arrive within milliseconds
    assertEquals(1, delivered.of(auctionId).size(), "messages delivered");
    assertEquals(1, probe.bidRows(auctionId), "bid rows");
    assertEquals(1, probe.eventRows(auctionId), "event rows");
    assertEquals(1, probe.seq(auctionId), "auction seq");
  }

  private void awaitDeliveries(long auctionId, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (delivered.of(auctionId).size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(count, delivered.of(auctionId).size(), "messages delivered");
  }
}
