package dev.slipway.coordinator.domain;

import java.time.Instant;

/**
 * A release operation that was refused, kept so that the one who asked can be told why and a
 * request seen again is refused the same way without a second answer.
 */
public record RejectedOperation(String operationId, String reason, Instant at) {}
