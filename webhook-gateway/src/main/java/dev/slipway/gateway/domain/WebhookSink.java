package dev.slipway.gateway.domain;

import dev.slipway.events.WebhookReceived;

/** Where accepted deliveries go; returns only once the event is durable. */
public interface WebhookSink {

  /** @throws EventNotDurableException when the event could not be made durable in time */
  void publish(WebhookReceived event) throws EventNotDurableException;
}
