package dev.slipway.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.RunState;
import dev.slipway.runner.domain.ReleaseBuildRecord;
import dev.slipway.runner.domain.ReleaseBuildRequest;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReleaseBuildMetricsTest {

  private static final Instant QUEUED = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant STARTED = QUEUED.plusSeconds(1);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ReleaseBuildMetrics metrics = new ReleaseBuildMetrics(meters);

  @Test
  void aBuildIsTimedFromItsStartToItsEndByTheStateItEndedIn() {
    metrics.published(null, build(RunState.QUEUED, null, null));
    metrics.published(RunState.QUEUED, build(RunState.STARTED, STARTED, null));
    assertThat(meters.find("slipway.release.build.duration").timers()).isEmpty();

    metrics.published(
        RunState.STARTED, build(RunState.SUCCEEDED, STARTED, STARTED.plusSeconds(90)));
    metrics.published(RunState.STARTED, build(RunState.ERROR, STARTED, STARTED.plusSeconds(300)));
    metrics.published(RunState.STARTED, build(RunState.ERROR, STARTED, STARTED.plusSeconds(100)));

    Timer succeeded = timer("succeeded");
    assertThat(succeeded.count()).isEqualTo(1);
    assertThat(succeeded.totalTime(TimeUnit.SECONDS)).isEqualTo(90);
    Timer error = timer("error");
    assertThat(error.count()).isEqualTo(2);
    assertThat(error.max(TimeUnit.SECONDS)).isEqualTo(300);
  }

  @Test
  void anImageOfAnEarlierReleaseWasNotBuiltAndIsNotTimed() {
    metrics.published(null, build(RunState.SUCCEEDED, null, QUEUED));

    assertThat(meters.find("slipway.release.build.duration").timers()).isEmpty();
  }

  private Timer timer(String outcome) {
    return meters.get("slipway.release.build.duration").tag("outcome", outcome).timer();
  }

  private static ReleaseBuildRecord build(RunState state, Instant startedAt, Instant finishedAt) {
    return new ReleaseBuildRecord(
        new ReleaseBuildRequest(
            "release-1",
            "org/shop",
            "v1.0.0",
            "0123456789abcdef0123456789abcdef01234567",
            "https://example.invalid/org/shop.git",
            "Dockerfile",
            ".",
            "registry:5000/org/shop"),
        state,
        null,
        null,
        QUEUED,
        startedAt,
        finishedAt,
        null,
        List.of());
  }
}
