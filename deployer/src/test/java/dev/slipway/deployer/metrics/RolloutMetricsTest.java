package dev.slipway.deployer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.DeploymentFinished.Outcome;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RolloutMetricsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RolloutMetrics metrics = new RolloutMetrics(meters);

  @Test
  void eachDeploymentIsTimedByItsDatacenterAndOutcome() {
    metrics.finished("dc1", Outcome.ROLLED_OUT, Duration.ofSeconds(20));
    metrics.finished("dc1", Outcome.ROLLED_OUT, Duration.ofSeconds(40));
    metrics.finished("dc2", Outcome.ROLLED_BACK, Duration.ofMinutes(5));

    Timer dc1 = timer("dc1", "rolled_out");
    assertThat(dc1.count()).isEqualTo(2);
    assertThat(dc1.totalTime(TimeUnit.SECONDS)).isEqualTo(60);
    assertThat(timer("dc2", "rolled_back").totalTime(TimeUnit.SECONDS)).isEqualTo(300);
    assertThat(meters.find("slipway.release.rollout.duration").timers()).hasSize(2);
  }

  @Test
  void publishesHistogramBucketsFrom100MillisecondsTo30Minutes() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new RolloutMetrics(prometheus).finished("dc1", Outcome.FAILED, Duration.ofSeconds(3));

    String bucket =
        "slipway_release_rollout_duration_seconds_bucket{datacenter=\"dc1\",outcome=\"failed\",le=\"";
    List<Double> bounds =
        prometheus
            .scrape()
            .lines()
            .filter(line -> line.startsWith(bucket) && !line.contains("+Inf"))
            .map(
                line ->
                    Double.parseDouble(
                        line.substring(bucket.length(), line.indexOf('"', bucket.length()))))
            .toList();
    assertThat(bounds).isNotEmpty();
    assertThat(Collections.min(bounds)).isBetween(0.1, 0.2);
    assertThat(Collections.max(bounds)).isGreaterThanOrEqualTo(1800);
  }

  private Timer timer(String datacenter, String outcome) {
    return meters
        .get("slipway.release.rollout.duration")
        .tags("datacenter", datacenter, "outcome", outcome)
        .timer();
  }
}
