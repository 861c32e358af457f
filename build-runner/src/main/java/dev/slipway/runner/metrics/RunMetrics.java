package dev.slipway.runner.metrics;

import dev.slipway.events.RunState;
import dev.slipway.runner.domain.RunRecord;
import dev.slipway.runner.domain.RunScheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The task runs' metrics: every state published, the runs queued and started now, how long runs
 * waited and ran. Every state's counter exists from the start at 0, so a panel shows 0, not "no
 * data".
 */
public final class RunMetrics implements RunScheduler.Listener {

  static final String TRANSITIONS = "slipway.runs.transitions";
  static final String ACTIVE = "slipway.runs.active";
  static final String QUEUE_WAIT = "slipway.runs.queue.wait";
  static final String DURATION = "slipway.runs.duration";

  private final MeterRegistry meters;
  private final Map<RunState, Counter> transitions = new EnumMap<>(RunState.class);
  private final Timer queueWait;

  public RunMetrics(MeterRegistry meters) {
    this.meters = meters;
    for (RunState state : RunState.values()) {
      transitions.put(
          state,
          Counter.builder(TRANSITIONS)
              .description("task run states published")
              .tag("state", tag(state))
              .register(meters));
    }
    this.queueWait =
        Timer.builder(QUEUE_WAIT)
            .description("time from a run's QUEUED to its STARTED")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofHours(2))
            .register(meters);
  }

  /**
   * Publishes how many runs are queued and started now, as {@code runsIn} counts them (the
   * scheduler's {@link RunScheduler#activeIn}).
   */
  public void watch(ToLongFunction<RunState> runsIn) {
    for (RunState state : List.of(RunState.QUEUED, RunState.STARTED)) {
      Gauge.builder(ACTIVE, () -> runsIn.applyAsLong(state))
          .description("task runs of this runner in the state now")
          .tag("state", tag(state))
          .register(meters);
    }
  }

  @Override
  public void published(RunState from, RunRecord run) {
    transitions.get(run.state()).increment();
    if (run.state() == RunState.STARTED) {
      queueWait.record(Duration.between(run.queuedAt(), run.startedAt()));
    } else if (run.state().isTerminal() && run.startedAt() != null) {
      Timer.builder(DURATION)
          .description("time from a run's STARTED to its final state")
          .tag("outcome", tag(run.state()))
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(100))
          .maximumExpectedValue(Duration.ofHours(3))
          .register(meters)
          .record(Duration.between(run.startedAt(), run.finishedAt()));
    }
  }

  /** A state as a tag value: its name in lower case, as the runs' event ids spell it. */
  static String tag(RunState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
