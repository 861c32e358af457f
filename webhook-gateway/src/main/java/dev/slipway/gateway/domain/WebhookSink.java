package dev.slipway.gateway.domain;

import dev.slipway.events.WebhookReceived;
import java.util.concurrent.CompletionStage;

/** Where accepted deliveries go. */
public interface WebhookSink {

  /**
   * Starts publishing {@code event} without waiting for it.
   *
   * @return completes once the event is durable, or fails with {@link EventNotDurableException}
   *     when it could not be made durable in time
   */
  CompletionStage<Void> publish(WebhookReceived event);
}
