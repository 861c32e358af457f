package dev.slipway.deployer.kafka;

import dev.slipway.deployer.config.DeployerSettings;
import dev.slipway.deployer.domain.Deployer;
import dev.slipway.deployer.domain.DeploymentResult;
import dev.slipway.deployer.metrics.RolloutMetrics;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.PublishFailedException;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.platform.logging.LogFields;
import dev.slipway.platform.logging.LogScope;
import dev.slipway.platform.runtime.ConsumerLauncher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deploys every pushed release image of this deployer's datacenters and reports how it ended on
 * {@code slipway.deployed}. One deployer runs per datacenter (or set of datacenters): its consumer
 * group is named after that set ({@code deployer-dc1}, {@code deployer-dc1+dc2}), so every deployer
 * sees every event and silently skips the other datacenters'.
 */
@ApplicationScoped
public class ImagePushedConsumer {

  private final ConsumerLauncher launcher;
  private final Deployer deployer;
  private final EventPublisher publisher;
  private final Clock clock;
  private final RolloutMetrics rollouts;

  private final DeployerSettings settings;

  ImagePushedConsumer(
      ConsumerLauncher launcher,
      Deployer deployer,
      EventPublisher publisher,
      Clock clock,
      DeployerSettings settings,
      MeterRegistry meters) {
    this.launcher = launcher;
    this.settings = settings;
    this.deployer = deployer;
    this.publisher = publisher;
    this.clock = clock;
    this.rollouts = new RolloutMetrics(meters);
  }

  void onStart(@Observes StartupEvent event) {
    // One event may wait for a rollout and then a rollback (or for the proxy to serve the release):
    // take one at a time, and let the group wait that long before it counts this consumer as dead.
    long longestHandling =
        settings
            .rolloutTimeout()
            .multipliedBy(2)
            .plus(settings.serveTimeout())
            .plusMinutes(1)
            .toMillis();
    launcher.start(
        group(settings.datacenters().keySet()),
        List.of(Topics.IMAGE_PUSHED),
        this::handle,
        Map.of(
            "max.poll.records",
            1,
            "max.poll.interval.ms",
            (int) Math.min(Integer.MAX_VALUE, longestHandling)));
  }

  void handle(ConsumedEvent<?> event) {
    if (!(event.data() instanceof ImagePushed)) {
      throw new IllegalArgumentException(
          "unexpected event " + event.data().getClass().getSimpleName());
    }
    ImagePushed pushed = (ImagePushed) event.data();
    if (!deployer.serves(pushed.datacenter())) {
      // Another datacenter's deployer reports it; nothing to deploy or say here.
      return;
    }
    Envelope<?> cause = event.envelope();
    Instant started = clock.instant();
    try (LogScope fields =
        LogScope.with(LogFields.RELEASE_ID, pushed.releaseId())
            .and(LogFields.REPOSITORY, pushed.repository())) {
      deployer.deploy(
          pushed, cause.correlationId(), result -> report(cause, pushed, result, started));
    }
  }

  private void report(
      Envelope<?> cause, ImagePushed pushed, DeploymentResult result, Instant started) {
    DeploymentFinished finished =
        new DeploymentFinished(
            pushed.releaseId(),
            pushed.repository(),
            pushed.tag(),
            pushed.sha(),
            pushed.releaseNumber(),
            pushed.datacenter(),
            result.outcome(),
            pushed.imageReference(),
            result.detail(),
            result.serviceUrl().orElse(null));
    try {
      publisher.publish(
          Topics.DEPLOYED,
          Envelope.causedBy(cause, eventId(pushed), launcher.source(), clock.instant(), finished));
    } catch (PublishFailedException e) {
      // Deploying again is harmless (the cluster already holds this release), losing the outcome is
      // not.
      throw new RetryableException("could not report the deployment of " + pushed.releaseId(), e);
    }
    rollouts.finished(
        pushed.datacenter(), result.outcome(), Duration.between(started, clock.instant()));
  }

  /**
   * The consumer group of a deployer serving {@code datacenters}: one group per set, so each set
   * sees every event.
   */
  static String group(Set<String> datacenters) {
    return "deployer-" + String.join("+", new TreeSet<>(datacenters));
  }

  /**
   * One id per release and datacenter: a redelivered image-pushed event reports the same event
   * again.
   */
  static String eventId(ImagePushed pushed) {
    return "deployment-finished/" + pushed.releaseId() + "/" + pushed.datacenter();
  }
}
