package dev.slipway.events;

import java.time.Instant;

/**
 * When a run's container started, first wrote output and exited, as the runner saw them (its
 * clock). A time is null for what did not happen (a task that printed nothing) or what the runner
 * did not see (it was restarted meanwhile).
 */
public record ContainerTimes(Instant startedAt, Instant firstOutputAt, Instant exitedAt) {}
