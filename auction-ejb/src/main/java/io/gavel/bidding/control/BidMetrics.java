package io.gavel.bidding.control;

import io.gavel.bidding.boundary.BidOutcome;
import io.gavel.platform.entity.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The bidding engine's numbers on {@code GET /metrics} (the contract's bid counts and latency
 * histograms), as the sequencer sees them on this node:
 *
 * <ul>
 *   <li>{@code gavel_bids_total{outcome}}: commands answered, by outcome: {@code accepted}, or the
 *       contract's code of the rejection ({@code BID_TOO_LOW}, {@code BID_NOT_PROCESSED}, …);
 *   <li>{@code gavel_bid_acknowledgement_microseconds}: from a command's arrival at its auction's
 *       queue to its answer, which waits for its batch's commit;
 *   <li>{@code gavel_bid_batch_microseconds} and {@code gavel_bid_batch_commands}: each batch
 *       transaction's duration and the commands it judged; {@code gavel_bid_batch_failures_total}:
 *       batch transactions that rolled back (their commands are then retried in smaller batches).
 * </ul>
 *
 * <p>The durations are histograms of microseconds, not timers in seconds: Payara's Prometheus
 * output of a timer gives its sum in seconds but its quantiles, mean and maximum in nanoseconds,
 * under the same {@code _seconds} name.
 *
 * <p>Requests refused before they reach a queue (malformed input, the rate limit, an unknown
 * auction) are not counted here.
 */
@ApplicationScoped
public class BidMetrics {

  static final String ACCEPTED = "accepted";

  @Inject MetricRegistry registry;

  private final Map<String, Counter> answered = new ConcurrentHashMap<>();
  private Metadata answeredMetadata;
  private Histogram acknowledgement;
  private Histogram batch;
  private Histogram batchCommands;
  private Counter batchFailures;

  @PostConstruct
  void register() {
    answeredMetadata =
        Metadata.builder()
            .withName("gavel_bids")
            .withDescription(
                "Bid commands answered by the bidding engine, by outcome: accepted or the rejection's code")
            .build();
    acknowledgement =
        registry.histogram(
            Metadata.builder()
                .withName("gavel_bid_acknowledgement_microseconds")
                .withDescription(
                    "Microseconds from a bid command's arrival at its auction's queue to its answer,"
                        + " after its batch committed")
                .build());
    batch =
        registry.histogram(
            Metadata.builder()
                .withName("gavel_bid_batch_microseconds")
                .withDescription("Microseconds of each batch transaction of the bidding engine")
                .build());
    batchCommands =
        registry.histogram(
            Metadata.builder()
                .withName("gavel_bid_batch_commands")
                .withDescription("Bid commands judged per batch transaction")
                .build());
    batchFailures =
        registry.counter(
            Metadata.builder()
                .withName("gavel_bid_batch_failures")
                .withDescription(
                    "Batch transactions that rolled back; their commands were retried in smaller batches")
                .build());
  }

  /** A command was answered with {@code outcome} (a {@link BidOutcome} or a {@link Refusal}). */
  void answered(Object outcome, long queuedAtNanos, long nowNanos) {
    acknowledgement.update((nowNanos - queuedAtNanos) / 1_000);
    answered
        .computeIfAbsent(outcomeOf(outcome), o -> registry.counter(answeredMetadata, new Tag("outcome", o)))
        .inc();
  }

  void batchCommitted(int commands, long nanos) {
    batch.update(nanos / 1_000);
    batchCommands.update(commands);
  }

  void batchFailed() {
    batchFailures.inc();
  }

  static String outcomeOf(Object outcome) {
    if (outcome instanceof BidOutcome.Accepted) {
      return ACCEPTED;
    }
    if (outcome instanceof BidOutcome.Rejected rejected) {
      return rejected.reason().name();
    }
    if (outcome instanceof Refusal refusal) {
      return refusal.code();
    }
    return "UNKNOWN";
  }
}
