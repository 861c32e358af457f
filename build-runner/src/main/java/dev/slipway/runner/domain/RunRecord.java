package dev.slipway.runner.domain;

import dev.slipway.events.ContainerTimes;
import dev.slipway.events.NormalizedError;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the runner knows about one run, as last reported: the journal keeps it across restarts and
 * the run's page shows it.
 *
 * @param container when its container started, first wrote output and exited, once it ended (null
 *     when the executor cannot tell)
 */
public record RunRecord(
    RunRequest request,
    RunState state,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    Integer exitCode,
    List<NormalizedError> errors,
    String detail,
    ContainerTimes container) {

  public RunRecord {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  static RunRecord queued(RunRequest request, Instant now) {
    return new RunRecord(request, RunState.QUEUED, now, null, null, null, List.of(), null, null);
  }

  public String runId() {
    return request.runId();
  }

  RunRecord started(Instant now) {
    return new RunRecord(
        request, RunState.STARTED, queuedAt, now, null, null, List.of(), null, null);
  }

  RunRecord finished(
      RunState to,
      Instant now,
      Integer exitCode,
      List<NormalizedError> errors,
      String detail,
      ContainerTimes container) {
    return new RunRecord(
        request, to, queuedAt, startedAt, now, exitCode, errors, detail, container);
  }

  /** When the run must end: its timeout counted from its start. */
  Instant deadline() {
    return startedAt.plusSeconds(request.task().timeoutSeconds());
  }

  /** How long it ran (or has been running, at {@code now}); zero before it started. */
  public Duration duration(Instant now) {
    if (startedAt == null) {
      return Duration.ZERO;
    }
    return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
  }

  TaskRunStateChanged event(RunState from, String logUrl, Instant now) {
    var task = request.task();
    return new TaskRunStateChanged(
        task.runId(),
        task.repository(),
        task.sha(),
        task.task(),
        task.pullRequestNumber(),
        from,
        state,
        exitCode,
        errors,
        detail,
        logUrl,
        startedAt,
        container,
        now);
  }
}
