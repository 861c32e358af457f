package dev.slipway.runner.metrics;

import dev.slipway.events.RunState;
import dev.slipway.runner.domain.ReleaseBuildRecord;
import dev.slipway.runner.domain.ReleaseBuilds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * How long release images took to build and push, by the state the build ended in. An image reused
 * from an earlier release is not built, so it is not counted.
 */
public final class ReleaseBuildMetrics implements ReleaseBuilds.Listener {

  static final String DURATION = "slipway.release.build.duration";

  private final MeterRegistry meters;

  public ReleaseBuildMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void published(RunState from, ReleaseBuildRecord build) {
    if (!build.state().isTerminal() || build.startedAt() == null) {
      return;
    }
    Timer.builder(DURATION)
        .description("time from a release build's STARTED to its final state: clone, build, push")
        .tag("outcome", RunMetrics.tag(build.state()))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(meters)
        .record(Duration.between(build.startedAt(), build.finishedAt()));
  }
}
