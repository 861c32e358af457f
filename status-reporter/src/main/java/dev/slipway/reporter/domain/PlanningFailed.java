package dev.slipway.reporter.domain;

import dev.slipway.events.WebhookReceived;

/**
 * The compiler gave up on a webhook (its event went to the dead-letter topic), so no outcome will
 * finish the {@code slipway/config} pending the webhook started.
 */
public record PlanningFailed(WebhookReceived webhook) {}
