package dev.slipway.testsupport;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
import java.time.Instant;
import java.util.List;

/**
 * Builds a {@link TaskRunStateChanged} for a test: the {@code build} task of {@code org/shop}'s
 * pull request 7, queued, with no errors. Its run id is {@code <sha>-<task>} and its page the
 * runner's {@code http://runner.local/runs/<run id>} unless a test names them. A test names only
 * the fields it relies on, so a reader sees what matters and a new field of the event touches this
 * class alone.
 */
public final class TaskRuns {

  private String runId;
  private String repository = "org/shop";
  private String sha = "a".repeat(40);
  private String task = "build";
  private Integer pullRequestNumber = 7;
  private RunState from;
  private RunState to = RunState.QUEUED;
  private Integer exitCode;
  private List<NormalizedError> errors = List.of();
  private String detail;
  private Instant startedAt;
  private Instant occurredAt = Instant.parse("2025-03-01T10:00:00Z");

  private TaskRuns() {}

  /** A state change with every field at its default. */
  public static TaskRuns taskRun() {
    return new TaskRuns();
  }

  public TaskRuns runId(String runId) {
    this.runId = runId;
    return this;
  }

  public TaskRuns repository(String repository) {
    this.repository = repository;
    return this;
  }

  public TaskRuns sha(String sha) {
    this.sha = sha;
    return this;
  }

  public TaskRuns task(String task) {
    this.task = task;
    return this;
  }

  public TaskRuns pullRequestNumber(int pullRequestNumber) {
    this.pullRequestNumber = pullRequestNumber;
    return this;
  }

  /** The change from {@code from} (null for the run's first state) to {@code to}. */
  public TaskRuns from(RunState from, RunState to) {
    this.from = from;
    this.to = to;
    return this;
  }

  /** A change to {@code to}, with no {@code from}, as for a run's first state. */
  public TaskRuns to(RunState to) {
    this.to = to;
    return this;
  }

  public TaskRuns exitCode(Integer exitCode) {
    this.exitCode = exitCode;
    return this;
  }

  public TaskRuns errors(List<NormalizedError> errors) {
    this.errors = errors;
    return this;
  }

  public TaskRuns detail(String detail) {
    this.detail = detail;
    return this;
  }

  public TaskRuns startedAt(Instant startedAt) {
    this.startedAt = startedAt;
    return this;
  }

  public TaskRuns occurredAt(Instant occurredAt) {
    this.occurredAt = occurredAt;
    return this;
  }

  public TaskRunStateChanged build() {
    String id = runId != null ? runId : sha + "-" + task;
    return new TaskRunStateChanged(
        id,
        repository,
        sha,
        task,
        pullRequestNumber,
        from,
        to,
        exitCode,
        errors,
        detail,
        "http://runner.local/runs/" + id,
        startedAt,
        null,
        occurredAt);
  }
}
