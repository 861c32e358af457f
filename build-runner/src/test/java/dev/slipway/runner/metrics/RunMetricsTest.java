package dev.slipway.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.RunRecord;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.testsupport.TaskPlans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

  private static final Instant QUEUED = Instant.parse("2025-05-02T10:00:00Z");
  private static final Instant STARTED = QUEUED.plusSeconds(5);
  private static final Instant FINISHED = STARTED.plusSeconds(30);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RunMetrics metrics = new RunMetrics(meters);

  @Test
  void everyStateIsCountedFromTheStartAtZero() {
    assertThat(meters.find("slipway.runs.transitions").counters())
        .extracting(counter -> counter.getId().getTag("state"), Counter::count)
        .containsExactlyInAnyOrder(
            tuple("queued", 0.0),
            tuple("started", 0.0),
            tuple("succeeded", 0.0),
            tuple("failed", 0.0),
            tuple("timed_out", 0.0),
            tuple("cancelled", 0.0),
            tuple("error", 0.0));
  }

  @Test
  void aRunThatRanCountsItsStatesItsWaitAndItsDurationByOutcome() {
    metrics.published(null, run(RunState.QUEUED, null, null));
    metrics.published(RunState.QUEUED, run(RunState.STARTED, STARTED, null));
    metrics.published(RunState.STARTED, run(RunState.TIMED_OUT, STARTED, FINISHED));

    assertThat(transitions("queued")).isEqualTo(1);
    assertThat(transitions("started")).isEqualTo(1);
    assertThat(transitions("timed_out")).isEqualTo(1);
    assertThat(transitions("succeeded")).isZero();
    Timer wait = meters.get("slipway.runs.queue.wait").timer();
    assertThat(wait.count()).isEqualTo(1);
    assertThat(wait.totalTime(TimeUnit.SECONDS)).isEqualTo(5);
    Timer duration = meters.get("slipway.runs.duration").tag("outcome", "timed_out").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(30);
    assertThat(meters.find("slipway.runs.duration").timers()).hasSize(1);
  }

  @Test
  void aRunCancelledWhileQueuedHasNoDuration() {
    metrics.published(null, run(RunState.QUEUED, null, null));
    metrics.published(RunState.QUEUED, run(RunState.CANCELLED, null, FINISHED));

    assertThat(transitions("cancelled")).isEqualTo(1);
    assertThat(meters.find("slipway.runs.duration").timers()).isEmpty();
    assertThat(meters.get("slipway.runs.queue.wait").timer().count()).isZero();
  }

  @Test
  void theActiveRunsAreReadAtEachScrapeByState() {
    Map<RunState, Long> now = new EnumMap<>(RunState.class);
    now.put(RunState.QUEUED, 0L);
    now.put(RunState.STARTED, 0L);
    metrics.watch(now::get);

    assertThat(active("queued")).isZero();
    assertThat(active("started")).isZero();
    now.put(RunState.QUEUED, 4L);
    now.put(RunState.STARTED, 2L);
    assertThat(active("queued")).isEqualTo(4);
    assertThat(active("started")).isEqualTo(2);
    assertThat(meters.find("slipway.runs.active").gauges()).hasSize(2);
  }

  private double transitions(String state) {
    return meters.get("slipway.runs.transitions").tag("state", state).counter().count();
  }

  private double active(String state) {
    return meters.get("slipway.runs.active").tag("state", state).gauge().value();
  }

  private static RunRecord run(RunState state, Instant startedAt, Instant finishedAt) {
    TaskPlanned task = TaskPlans.taskPlanned().sha("aaa").contentHash("hash-1").build();
    return new RunRecord(
        new RunRequest(task, "cause-1", "delivery-1"),
        state,
        QUEUED,
        startedAt,
        finishedAt,
        null,
        List.of(),
        null,
        null);
  }
}
