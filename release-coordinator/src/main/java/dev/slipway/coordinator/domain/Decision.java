package dev.slipway.coordinator.domain;

import dev.slipway.events.ReleaseEvent;

/**
 * An event to publish on {@code slipway.release}, with the correlation id of the release it is
 * about.
 */
public record Decision(ReleaseEvent event, String correlationId) {}
