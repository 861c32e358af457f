package dev.slipway.gateway.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.gateway.domain.EventNotDurableException;
import dev.slipway.gateway.domain.WebhookSink;
import dev.slipway.platform.kafka.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes accepted deliveries on {@code slipway.webhook}, the delivery id as correlation id.
 * Nothing waits for the acknowledgement: it completes the returned stage from the producer's
 * callback, so deliveries in flight together travel in the producer's shared batches.
 */
public final class KafkaWebhookSink implements WebhookSink {

  private final EventPublisher publisher;
  private final String source;
  private final Clock clock;
  private final Duration sendTimeout;

  /**
   * @param sendTimeout how long a publish may take in all, waiting for metadata included
   */
  public KafkaWebhookSink(
      EventPublisher publisher, String source, Clock clock, Duration sendTimeout) {
    this.publisher = publisher;
    this.source = source;
    this.clock = clock;
    this.sendTimeout = sendTimeout;
  }

  @Override
  public CompletionStage<Void> publish(WebhookReceived event) {
    long start = System.nanoTime();
    Envelope<WebhookEvent> envelope =
        Envelope.first(source, event.repository(), event.deliveryId(), clock.instant(), event);
    // send() itself may block for metadata; the wait for the acknowledgement gets only what is
    // left.
    return publisher
        .send(Topics.WEBHOOK, envelope)
        .orTimeout(
            Math.max(0, sendTimeout.toNanos() - (System.nanoTime() - start)), TimeUnit.NANOSECONDS)
        .handle(
            (metadata, error) -> {
              if (error != null) {
                throw new CompletionException(notDurable(error));
              }
              return null;
            });
  }

  private EventNotDurableException notDurable(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String reason =
        cause instanceof TimeoutException
            ? "not acknowledged within " + sendTimeout.toMillis() + " ms"
            : String.valueOf(cause.getMessage());
    return new EventNotDurableException(
        "publishing to " + Topics.WEBHOOK.name() + " failed: " + reason, cause);
  }
}
