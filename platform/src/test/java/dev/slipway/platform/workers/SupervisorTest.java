package dev.slipway.platform.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.WorkerRestarts;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisorTest {

  private final WorkerRestarts restarts = new WorkerRestarts();
  private final Supervisor supervisor =
      new Supervisor(
          Duration.ofMillis(10), Duration.ofMillis(50), Supervisor.Listener.onRestart(restarts));

  @Test
  void aWorkerThatFailsIsStartedAgainFromAFreshInstance() {
    AtomicInteger made = new AtomicInteger();
    Blocking lastOne = new Blocking();
    supervisor.start(
        "flaky",
        () ->
            made.incrementAndGet() < 3
                ? new Failing(new IllegalStateException("no partitions assigned"))
                : lastOne);

    await().atMost(Duration.ofSeconds(5)).until(lastOne::running);
    assertThat(made).hasValue(3);
    assertThat(restarts.lines())
        .containsExactly("flaky: no partitions assigned", "flaky: no partitions assigned");
    assertThat(supervisor.failures()).isEmpty();
    supervisor.close();
    assertThat(lastOne.closed.getCount()).isZero();
  }

  @Test
  void aWorkerThatDiesOfAnErrorIsReportedAndNotRestarted() {
    AtomicInteger made = new AtomicInteger();
    supervisor.start(
        "compiler-consumer",
        () -> {
          made.incrementAndGet();
          return new Failing(new OutOfMemoryError("Java heap space"));
        });

    await().atMost(Duration.ofSeconds(5)).until(() -> !supervisor.failures().isEmpty());
    assertThat(supervisor.failures())
        .containsExactly(
            new Supervisor.Failure(
                "compiler-consumer", "java.lang.OutOfMemoryError: Java heap space"));
    assertThat(made).hasValue(1);
    assertThat(restarts.lines()).isEmpty();
    supervisor.close();
  }

  @Test
  void aWorkerThatIsDoneIsNotStartedAgain() {
    AtomicInteger made = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    supervisor.start(
        "topics",
        () -> {
          made.incrementAndGet();
          return new Worker() {
            @Override
            public void run() {
              ran.countDown();
            }

            @Override
            public void close() {}
          };
        });

    await().atMost(Duration.ofSeconds(5)).until(() -> ran.getCount() == 0);
    supervisor.close();
    assertThat(made).hasValue(1);
    assertThat(supervisor.failures()).isEmpty();
  }

  private record Failing(Throwable failure) implements Worker {
    @Override
    public void run() {
      if (failure instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) failure;
    }

    @Override
    public void close() {}
  }

  private static final class Blocking implements Worker {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void run() {
      started.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    boolean running() {
      return started.getCount() == 0;
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }
}
