package dev.slipway.coordinator.domain;

import java.time.Instant;

/**
 * A release that reached a terminal state; kept so that late or repeated events about it change
 * nothing.
 */
public record FinishedRelease(
    String releaseId,
    int number,
    String tag,
    Instant publishedAt,
    ReleaseState state,
    Instant finishedAt) {}
