package dev.slipway.runner.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.runner.domain.ReleaseBuildEvents;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Publishes a release build's states on {@code slipway.build-job} and its image on {@code
 * slipway.image-pushed}, caused by the admission (same correlation id). A failure to publish
 * reaches the consumer loop, which hands the admission over again: the journal says what was done.
 */
@Singleton
public class KafkaReleaseBuildEvents implements ReleaseBuildEvents {

  private final EventPublisher publisher;
  private final String source;
  private final Clock clock;

  KafkaReleaseBuildEvents(EventPublisher publisher, ConsumerLauncher launcher, Clock clock) {
    this.publisher = publisher;
    this.source = launcher.source();
    this.clock = clock;
  }

  @Override
  public void buildChanged(Envelope<?> cause, String eventId, ReleaseBuildStateChanged event) {
    publisher.publish(
        Topics.BUILD_JOB, Envelope.causedBy(cause, eventId, source, clock.instant(), event));
  }

  @Override
  public void imagePushed(Envelope<?> cause, String eventId, ImagePushed event) {
    publisher.publish(
        Topics.IMAGE_PUSHED, Envelope.causedBy(cause, eventId, source, clock.instant(), event));
  }
}
