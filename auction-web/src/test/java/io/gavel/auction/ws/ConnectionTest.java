package io.gavel.auction.ws;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The per-connection send queue: order, no thread hop while the socket keeps up, overflow. */
class ConnectionTest {

  /** A transport whose sends complete at once, or stay in flight until the test completes them. */
  static final class FakeTransport implements Transport {
    final List<String> sent = new ArrayList<>();
    final Queue<Consumer<Throwable>> inFlight = new ArrayDeque<>();
    final List<Thread> sendingThreads = new ArrayList<>();
    boolean completeAtOnce = true;
    boolean mayBlock;
    CloseReason closed;

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public void send(String text, Consumer<Throwable> done) {
      sent.add(text);
      sendingThreads.add(Thread.currentThread());
      if (completeAtOnce) {
        done.accept(null);
      } else {
        inFlight.add(done);
      }
    }

    @Override
    public void ping() {}

    @Override
    public void close(CloseReason reason) {
      closed = reason;
    }

    @Override
    public boolean oneWay() {
      return false;
    }

    @Override
    public boolean mayBlock() {
      return mayBlock;
    }
  }

  /** Runs tasks only when the test says so, counting them. */
  static final class ManualExecutor implements java.util.concurrent.Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();
    final AtomicInteger executed = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        executed.incrementAndGet();
        task.run();
      }
    }
  }

  private final FakeTransport transport = new FakeTransport();
  private final ManualExecutor executor = new ManualExecutor();
  private final Connection connection = new Connection(transport, null, executor);

  @Test
  void whileTheSocketTakesEveryMessageAtOnceTheyAreSentInOrderOnTheCallersThread() {
    for (int i = 0; i < 5; i++) {
      connection.send("m" + i);
    }

    assertThat(transport.sent).containsExactly("m0", "m1", "m2", "m3", "m4");
    assertThat(transport.sendingThreads).allMatch(t -> t == Thread.currentThread());
    assertThat(executor.tasks).isEmpty();
  }

  @Test
  void aSendStillInFlightHoldsTheRestBackAndItsCompletionGoesOnWithThemInOrder() {
    transport.completeAtOnce = false;
    connection.send("m0");
    connection.send("m1");
    connection.send("m2");
    assertThat(transport.sent).containsExactly("m0");

    transport.completeAtOnce = true;
    transport.inFlight.poll().accept(null); // the client read m0
    assertThat(transport.sent).as("the completion hands the rest to the executor").containsExactly("m0");
    executor.runAll();

    assertThat(transport.sent).containsExactly("m0", "m1", "m2");
    assertThat(executor.executed).hasValue(1);
  }

  @Test
  void aClientWhoseQueueOverflowsIsClosedAsASlowConsumer() {
    List<String> gone = new ArrayList<>();
    connection.whenClosed(() -> gone.add("closed"));
    transport.completeAtOnce = false;
    for (int i = 0; i <= Connection.MAX_QUEUED + 1; i++) {
      connection.send("m" + i);
    }
    executor.runAll();

    assertThat(transport.closed.getCloseCode()).isEqualTo(CloseReason.CloseCodes.TRY_AGAIN_LATER);
    assertThat(transport.closed.getReasonPhrase()).startsWith("SLOW_CONSUMER");
    assertThat(gone).containsExactly("closed");
    connection.send("after");
    assertThat(transport.sent).containsExactly("m0");
  }

  @Test
  void aFailedSendClosesTheConnectionAndDropsWhatWasQueued() {
    transport.completeAtOnce = false;
    connection.send("m0");
    connection.send("m1");
    transport.inFlight.poll().accept(new java.io.IOException("broken pipe"));
    executor.runAll();

    assertThat(transport.closed.getCloseCode()).isEqualTo(CloseReason.CloseCodes.UNEXPECTED_CONDITION);
    assertThat(transport.sent).containsExactly("m0");
  }

  @Test
  void aTransportWhoseWritesMayBlockIsOnlyWrittenFromTheExecutor() {
    transport.mayBlock = true;
    connection.send("m0");
    connection.send("m1");
    assertThat(transport.sent).isEmpty();

    executor.runAll();

    assertThat(transport.sent).containsExactly("m0", "m1");
  }

  @Test
  void closeAfterSendingSendsWhatWasQueuedFirstThenClosesAfterAGrace() throws InterruptedException {
    transport.completeAtOnce = false;
    connection.send("m0");
    connection.send("m1");
    connection.closeAfterSending(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "TOO_MANY_MESSAGES"));
    connection.send("ignored");
    transport.completeAtOnce = true;
    transport.inFlight.poll().accept(null);
    executor.runAll();
    assertThat(transport.sent).containsExactly("m0", "m1");
    assertThat(transport.closed).as("not before the grace").isNull();

    Thread.sleep(Connection.CLOSE_GRACE_MILLIS + 300);
    executor.runAll();
    assertThat(transport.closed.getReasonPhrase()).isEqualTo("TOO_MANY_MESSAGES");
  }

  @Test
  void closeNowDoesNotWaitForAClientThatStoppedReading() {
    transport.completeAtOnce = false;
    connection.send("m0");
    connection.send("m1");
    connection.closeNow(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "IDLE_TIMEOUT"));
    connection.send("m2");

    assertThat(transport.closed.getReasonPhrase()).isEqualTo("IDLE_TIMEOUT");
    transport.completeAtOnce = true;
    transport.inFlight.poll().accept(null);
    executor.runAll();
    assertThat(transport.sent).containsExactly("m0");
  }
}
