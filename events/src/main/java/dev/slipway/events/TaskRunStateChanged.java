package dev.slipway.events;

import java.time.Instant;
import java.util.List;

/**
 * A task run moved from {@code from} to {@code to} (from is null for the first state).
 *
 * @param exitCode the task container's exit code, once it has one
 * @param errors normalized errors found in the output, first one first
 * @param detail a one-line human explanation (e.g. why it was cancelled or errored)
 * @param logUrl the run's page
 * @param container when the task's container started, first wrote output and exited: on the final
 *     event of an executor that can tell, else null
 */
public record TaskRunStateChanged(
    String runId,
    String repository,
    String sha,
    String task,
    Integer pullRequestNumber,
    RunState from,
    RunState to,
    Integer exitCode,
    List<NormalizedError> errors,
    String detail,
    String logUrl,
    Instant startedAt,
    ContainerTimes container,
    Instant occurredAt)
    implements BuildJobEvent {}
