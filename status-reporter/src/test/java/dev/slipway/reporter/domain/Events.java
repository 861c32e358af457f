package dev.slipway.reporter.domain;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
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
    return new TaskRunStateChanged(
        runId(repository, sha, task),
        repository,
        sha,
        task,
        7,
        null,
        to,
        to.isTerminal() ? 0 : null,
        errors,
        detail,
        "http://runner.local/runs/" + runId(repository, sha, task),
        T0,
        occurredAt);
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
