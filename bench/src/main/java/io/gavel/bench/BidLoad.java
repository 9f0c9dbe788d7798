package io.gavel.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;

/**
 * One bidding scenario: a fixed pool of client threads, each sending one bid at a time (closed
 * loop) for warm-up + measurement, then stopping. Every client keeps the shared per-auction view
 * of the next minimum bid and bids that plus a random 0 to {@code spread} increments (0: exactly
 * the minimum, the sniper's bid); a {@code 422 BID_TOO_LOW} is a lost race under contention,
 * counted apart and retried at once from the amount the server named.
 *
 * <p>Only requests sent and answered inside the measurement window count; latency is send →
 * complete response, in microseconds.
 */
final class BidLoad {

  private static final Logger LOG = Logger.getLogger(BidLoad.class.getName());
  /** Retries of one bid after BID_TOO_LOW before the client moves on to another draw. */
  private static final int MAX_ATTEMPTS = 10;
  /** Hard bound on requests per client thread, whatever the duration says. */
  private static final long MAX_REQUESTS_PER_CLIENT = 5_000_000;

  record Result(
      String scenario,
      int clients,
      double seconds,
      long accepted,
      long tooLow,
      long errors,
      Map<String, Long> errorKinds,
      Histogram latency) {

    double acceptedPerSecond() {
      return accepted / seconds;
    }

    double tooLowPerSecond() {
      return tooLow / seconds;
    }
  }

  private final Api api;
  private final BidChannel channel;
  private final long[] auctionIds;
  private final AtomicLongArray nextMinimum; // cents, per auction index
  private final int spread;
  private final List<String> bidders;

  /** {@code bidders}: the users the clients bid as, client i as bidder i modulo their number. */
  BidLoad(Api api, BidChannel channel, long[] auctionIds, long startingPriceCents, int spread, List<String> bidders) {
    if (spread < 0) {
      throw new IllegalArgumentException("spread must not be negative");
    }
    this.api = api;
    this.channel = channel;
    this.auctionIds = auctionIds;
    this.spread = spread;
    this.bidders = List.copyOf(bidders);
    this.nextMinimum = new AtomicLongArray(auctionIds.length);
    for (int i = 0; i < auctionIds.length; i++) {
      nextMinimum.set(i, startingPriceCents);
    }
  }

  /**
   * Runs {@code clients} threads for warm-up + measure; {@code pick} chooses the auction index of
   * each new bid (it must be thread-safe). {@code onMeasureStart} runs once the window opens.
   */
  Result run(String scenario, int clients, Duration warmup, Duration measure, PickerFactory pick, Runnable onMeasureStart)
      throws InterruptedException {
    for (String b : bidders) {
      try {
        api.token(b);
      } catch (Exception e) {
        throw new IllegalStateException("no token for " + b + ": " + e.getMessage(), e);
      }
    }
    long start = System.nanoTime();
    long measureStart = start + warmup.toNanos();
    long measureEnd = measureStart + measure.toNanos();
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Worker w = new Worker(i, pick.create(i), measureStart, measureEnd);
      workers.add(w);
      Thread t = new Thread(w, "bidder-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    long untilWindow = measureStart - System.nanoTime();
    if (untilWindow > 0) {
      Thread.sleep(untilWindow / 1_000_000, (int) (untilWindow % 1_000_000));
    }
    if (onMeasureStart != null) {
      onMeasureStart.run();
    }
    for (Thread t : threads) {
      // each worker stops by itself at measureEnd plus at most one request timeout (30 s)
      t.join(Math.max(1, (measureEnd - System.nanoTime()) / 1_000_000) + 35_000);
      if (t.isAlive()) {
        LOG.log(Level.WARNING, "{0} still running after its deadline; interrupting", t.getName());
        t.interrupt();
      }
    }
    Histogram latency = new Histogram(60_000_000L, 3);
    long accepted = 0, tooLow = 0, errors = 0;
    Map<String, Long> kinds = new TreeMap<>();
    for (Worker w : workers) {
      latency.add(w.latency);
      accepted += w.accepted;
      tooLow += w.tooLow;
      errors += w.errors;
      w.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
    }
    return new Result(scenario, clients, measure.toNanos() / 1e9, accepted, tooLow, errors, kinds, latency);
  }

  /** Creates the per-thread auction picker (returns an index into the auction ids). */
  interface PickerFactory {
    IntSupplier create(int clientNo);
  }

  static PickerFactory zipf(ZipfSampler sampler, long seed) {
    return clientNo -> {
      SplittableRandom random = new SplittableRandom(seed + clientNo * 7919L);
      return () -> sampler.sample(random);
    };
  }

  static PickerFactory single(int index) {
    return clientNo -> () -> index;
  }

  private final class Worker implements Runnable {
    final int no;
    final IntSupplier pick;
    final long measureStart;
    final long measureEnd;
    final Histogram latency = new Histogram(60_000_000L, 3);
    final Map<String, Long> errorKinds = new TreeMap<>();
    final SplittableRandom random;
    long accepted;
    long tooLow;
    long errors;

    Worker(int no, IntSupplier pick, long measureStart, long measureEnd) {
      this.no = no;
      this.pick = pick;
      this.measureStart = measureStart;
      this.measureEnd = measureEnd;
      this.random = new SplittableRandom(31L * no + 5);
    }

    @Override
    public void run() {
      String user = bidders.get(no % bidders.size());
      long requests = 0;
      while (System.nanoTime() < measureEnd && requests < MAX_REQUESTS_PER_CLIENT && !Thread.currentThread().isInterrupted()) {
        int index = pick.getAsInt();
        for (int attempt = 0; attempt < MAX_ATTEMPTS && System.nanoTime() < measureEnd; attempt++) {
          long minimum = nextMinimum.get(index);
          long amount =
              spread == 0 ? minimum : minimum + random.nextInt(spread + 1) * Increments.incrementAt(minimum);
          long t0 = System.nanoTime();
          int status;
          String answer;
          try {
            BidChannel.Answer r = channel.bid(no, user, auctionIds[index], Increments.format(amount));
            status = r.status();
            answer = r.body();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (Exception e) {
            status = -1;
            // the kind of failure, with its message's digits folded so that like failures count together
            String message = String.valueOf(e.getMessage()).replaceAll("[0-9]+", "N");
            answer = e.getClass().getSimpleName() + ": " + message.substring(0, Math.min(120, message.length()));
          }
          long t1 = System.nanoTime();
          requests++;
          boolean counted = t0 >= measureStart && t1 <= measureEnd;
          if (status == 201) {
            raise(index, Api.field(answer, "nextMinimumBid"), amount);
            if (counted) {
              accepted++;
              latency.recordValue(Math.min((t1 - t0) / 1_000, latency.getHighestTrackableValue()));
            }
            break;
          }
          String code = Api.field(answer, "code");
          if (status == 422 && "BID_TOO_LOW".equals(code)) {
            raise(index, Api.field(answer, "nextMinimumBid"), amount);
            if (counted) {
              tooLow++;
            }
            continue;
          }
          if (counted) {
            errors++;
            errorKinds.merge(status < 0 ? answer : status + " " + code, 1L, Long::sum);
          }
          if (status < 0 || status >= 500) {
            pause(50); // don't hammer a failing server in a tight loop
          }
          break;
        }
      }
    }

    private void raise(int index, String next, long sent) {
      long value;
      try {
        value = next == null ? Increments.nextMinimum(sent) : Increments.parse(next);
      } catch (NumberFormatException e) {
        value = Increments.nextMinimum(sent);
      }
      nextMinimum.accumulateAndGet(index, value, Math::max);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
