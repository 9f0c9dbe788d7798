package io.gavel.auction.boundary;

import io.gavel.auction.entity.AuctionScheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires auction starts and closures on time.
 *
 * <p>The database is the truth, timers are only for precision: a non-persistent single-action
 * timer per auction on the node that listed it (and, at start-up, on every node for every open
 * auction), plus a sweeper on every node that every few seconds applies any start or close that
 * is overdue (missed timer, node death, full-cluster restart). Timers live in memory only (Payara
 * keeps EJB timers in the Hazelcast grid, which a full restart loses), so nothing depends on one
 * surviving. {@link Auctions} guards each transition under a row lock, making duplicates harmless.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuctionSchedule {

  private static final Logger LOG = Logger.getLogger(AuctionSchedule.class.getName());

  @Resource TimerService timers;

  @Inject Auctions auctions;

  @PostConstruct
  void rearm() {
    int count = 0;
    for (AuctionScheduled open : auctions.open()) {
      arm(open.auctionId(), open.startsAt().isAfter(Instant.now()) ? open.startsAt() : open.endsAt());
      count++;
    }
    LOG.info("armed closing timers for " + count + " open auctions");
  }

  /**
   * Arms the timer inside the transaction that scheduled the auction: EJB timer creation is
   * transactional, so a rolled-back listing leaves no timer behind.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public void onScheduled(@Observes AuctionScheduled event) {
    Instant next = event.startsAt().isAfter(Instant.now()) ? event.startsAt() : event.endsAt();
    arm(event.auctionId(), next);
  }

  private void arm(long auctionId, Instant at) {
    Instant when = at.isBefore(Instant.now()) ? Instant.now() : at;
    timers.createSingleActionTimer(Date.from(when), new TimerConfig(auctionId, false));
  }

  @Timeout
  void due(Timer timer) {
    long auctionId = (Long) timer.getInfo();
    try {
      Optional<Instant> next = auctions.closeIfDue(auctionId);
      next.ifPresent(at -> arm(auctionId, at));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "timer for auction " + auctionId + " failed; the sweeper retries", e);
    }
  }

  @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
  void sweep() {
    for (Long id : auctions.overdue()) {
      try {
        auctions.closeIfDue(id);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "sweeper could not advance auction " + id, e);
      }
    }
  }
}
