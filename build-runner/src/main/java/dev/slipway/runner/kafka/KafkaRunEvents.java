package dev.slipway.runner.kafka;

import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.Envelope;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.Topics;
import dev.slipway.platform.backoff.Backoff;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.PublishFailedException;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.platform.runtime.KafkaSettings;
import dev.slipway.runner.domain.RunEvents;
import dev.slipway.runner.domain.RunRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes state changes on {@code slipway.build-job}, caused by the task-spec event that planned
 * the run. A run's outcome must not be lost while Kafka is briefly away, so publishing retries a
 * few times before giving up (the run then stays journaled as before and is reported on the next
 * start).
 */
@Singleton
public class KafkaRunEvents implements RunEvents {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRunEvents.class);
  private static final int ATTEMPTS = 5;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final EventPublisher publisher;
  private final String source;
  private final Clock clock;
  private final Backoff backoff;

  KafkaRunEvents(
      EventPublisher publisher, ConsumerLauncher launcher, Clock clock, KafkaSettings settings) {
    this.publisher = publisher;
    this.source = launcher.source();
    this.clock = clock;
    this.backoff = new Backoff(settings.retryBackoff(), MAX_BACKOFF);
  }

  @Override
  public void publish(RunRequest request, String eventId, TaskRunStateChanged event) {
    Envelope<BuildJobEvent> envelope =
        new Envelope<>(
            eventId,
            source,
            event.repository(),
            clock.instant(),
            request.correlationId(),
            request.causeId(),
            event,
            null);
    for (int attempt = 1; ; attempt++) {
      try {
        publisher.publish(Topics.BUILD_JOB, envelope);
        return;
      } catch (PublishFailedException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "publishing event={} failed (attempt {}), retrying: {}",
            eventId,
            attempt,
            e.getMessage());
        sleep(backoff.after(attempt));
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }
}
