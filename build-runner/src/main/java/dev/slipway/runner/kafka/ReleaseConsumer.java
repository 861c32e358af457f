package dev.slipway.runner.kafka;

import dev.slipway.events.Topics;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.runner.config.RunnerConfig;
import dev.slipway.runner.domain.ReleaseBuilds;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Consumes {@code slipway.release} in group {@code build-runner-releases}, a loop of its own, so a
 * long image build never holds up task runs.
 */
@ApplicationScoped
public class ReleaseConsumer {

  public static final String GROUP = "build-runner-releases";

  private final ReleaseBuilds builds;
  private final ConsumerLauncher launcher;
  private final RunnerConfig config;

  ReleaseConsumer(ReleaseBuilds builds, ConsumerLauncher launcher, RunnerConfig config) {
    this.builds = builds;
    this.launcher = launcher;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    // One admission may hold a whole build: take one at a time, and let the group wait that long
    // before it counts this consumer as dead.
    Duration longestHandling = config.release().buildTimeout().plusMinutes(2);
    launcher.start(
        GROUP,
        List.of(Topics.RELEASE),
        new ReleaseHandler(builds),
        Map.of(
            "max.poll.records",
            1,
            "max.poll.interval.ms",
            (int) Math.min(Integer.MAX_VALUE, longestHandling.toMillis())));
  }
}
