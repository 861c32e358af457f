package dev.slipway.deployer.metrics;

import dev.slipway.events.DeploymentFinished.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * How long deployments to each datacenter took, from the image-pushed event's handling to the
 * reported outcome. Datacenters are the configured ones (others' events are skipped before), so the
 * tag's values are bounded.
 */
public final class RolloutMetrics {

  static final String DURATION = "slipway.release.rollout.duration";

  private final MeterRegistry meters;

  public RolloutMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  public void finished(String datacenter, Outcome outcome, Duration took) {
    Timer.builder(DURATION)
        .description("time from an image-pushed event to its deployment-finished, per datacenter")
        .tag("datacenter", datacenter)
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofMinutes(30))
        .register(meters)
        .record(took);
  }
}
