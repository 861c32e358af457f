package dev.slipway.gateway.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookReceived;
import dev.slipway.gateway.domain.EventNotDurableException;
import dev.slipway.gateway.domain.WebhookSink;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.PublishFailedException;
import java.time.Clock;

/** Publishes accepted deliveries on {@code slipway.webhook}, the delivery id as correlation id. */
public final class KafkaWebhookSink implements WebhookSink {

  private final EventPublisher publisher;
  private final String source;
  private final Clock clock;

  public KafkaWebhookSink(EventPublisher publisher, String source, Clock clock) {
    this.publisher = publisher;
    this.source = source;
    this.clock = clock;
  }

  @Override
  public void publish(WebhookReceived event) throws EventNotDurableException {
    try {
      publisher.publish(
          Topics.WEBHOOK, Envelope.first(source, event.repository(), event.deliveryId(), clock.instant(), event));
    } catch (PublishFailedException e) {
      throw new EventNotDurableException(e.getMessage(), e);
    }
  }
}
