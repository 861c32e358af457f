package dev.slipway.gateway.domain;

import dev.slipway.events.WebhookReceived;

/**
 * What a verified delivery amounts to: an event to publish, or a reason to acknowledge and drop it.
 *
 * @param action the payload's action, null when it has none
 * @param event the event to publish, null when the delivery is ignored
 * @param ignoredBecause why nothing is published, null when {@code event} is set
 */
public record Extraction(String action, WebhookReceived event, String ignoredBecause) {

  static Extraction handled(WebhookReceived event) {
    return new Extraction(event.action(), event, null);
  }

  static Extraction ignored(String action, String reason) {
    return new Extraction(action, null, reason);
  }

  public boolean isHandled() {
    return event != null;
  }
}
