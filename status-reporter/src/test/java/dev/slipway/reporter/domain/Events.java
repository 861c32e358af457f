package dev.slipway.reporter.domain;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.testsupport.TaskRuns;
import java.time.Instant;
import java.util.List;

/** Builds task run events for tests. */
public final class Events {

  public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private Events() {}

  public static TaskRunStateChanged run(
      String repository,
      String sha,
      String task,
      RunState to,
      Instant occurredAt,
      List<NormalizedError> errors,
      String detail) {
    return TaskRuns.taskRun()
        .runId(runId(repository, sha, task))
        .repository(repository)
        .sha(sha)
        .task(task)
        .to(to)
        .exitCode(to.isTerminal() ? 0 : null)
        .errors(errors)
        .detail(detail)
        .startedAt(T0)
        .occurredAt(occurredAt)
        .build();
  }

  public static TaskRunStateChanged run(
      String repository, String sha, String task, RunState to, Instant occurredAt) {
    return run(repository, sha, task, to, occurredAt, List.of(), null);
  }

  public static String runId(String repository, String sha, String task) {
    return repository.replace('/', '-')
        + "-"
        + sha.substring(0, Math.min(7, sha.length()))
        + "-"
        + task;
  }

  public static DesiredStatus status(TaskRunStateChanged run) {
    return StatusMapping.statusFor(run, run.occurredAt(), "delivery-1").orElseThrow();
  }
}
