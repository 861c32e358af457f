package dev.slipway.reporter.domain;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which commit status an event asks for. Events that show nothing on GitHub give none; a release's
 * deployments and its {@code slipway/release} summary are {@link ReleaseReports}'.
 */
public final class StatusMapping {

  public static final String CONFIG_CONTEXT = "slipway/config";
  private static final String QUEUED = "queued";
  public static final String BUILD_CONTEXT = "slipway/build";
  static final String READING_CONFIG = "reading .slipway.yml";
  static final String WAITING_FOR_APPROVAL = "waiting for /ok-to-test from a member";

  /**
   * What a status says when the platform failed. The details (JGit, podman or registry messages,
   * internal host names) go to the run's page and the operators' log, never to GitHub, where anyone
   * who can read the repository reads them.
   */
  static final String INFRASTRUCTURE_ERROR = "infrastructure error";

  static final String PLANNING_FAILED =
      "Slipway could not plan this commit: an internal error, the operators have the details";

  private StatusMapping() {}

  public static String taskContext(String task) {
    return "slipway/" + task;
  }

  /**
   * @param data an event of any Slipway topic
   * @param eventTime the envelope's time, used when the event carries no time of its own
   */
  public static Optional<DesiredStatus> statusFor(
      Object data, Instant eventTime, String correlationId) {
    if (data instanceof TaskPlanned planned) {
      return Optional.of(planned(planned, eventTime, correlationId));
    }
    if (data instanceof TaskRunStateChanged run) {
      return Optional.of(taskRun(run, eventTime, correlationId));
    }
    if (data instanceof WebhookReceived webhook) {
      return configOfPlannedPullRequest(
          webhook, CommitState.PENDING, READING_CONFIG, Progress.QUEUED, eventTime, correlationId);
    }
    if (data instanceof HeadApproval approval) {
      return Optional.of(
          config(
              approval.repository(),
              approval.sha(),
              CommitState.PENDING,
              approval.approved() ? READING_CONFIG : WAITING_FOR_APPROVAL,
              Progress.QUEUED,
              eventTime,
              correlationId));
    }
    if (data instanceof PlanningFailed failed) {
      // The reason stays in the operators' logs: it may name internals a public repository should
      // not show.
      return configOfPlannedPullRequest(
          failed.webhook(),
          CommitState.ERROR,
          PLANNING_FAILED,
          Progress.FINISHED,
          eventTime,
          correlationId);
    }
    if (data instanceof PipelinePlanned planned) {
      return Optional.of(plannedPipeline(planned, eventTime, correlationId));
    }
    if (data instanceof PipelineRejected rejected) {
      return Optional.of(rejectedPipeline(rejected, eventTime, correlationId));
    }
    if (data instanceof ReleaseBuildStateChanged build) {
      return Optional.of(releaseBuild(build, eventTime, correlationId));
    }
    return Optional.empty();
  }

  /**
   * Whether the status an event asks for is shown only on repositories that already have Slipway
   * statuses: the early {@code slipway/config} pending of a pull request, and the note that a
   * commit has no {@code .slipway.yml}. Repositories that do not use Slipway never see either.
   */
  public static boolean onlyForKnownRepositories(Object data) {
    return data instanceof WebhookReceived
        || data instanceof HeadApproval
        || data instanceof PlanningFailed
        || data instanceof PipelinePlanned planned && !planned.hasConfig();
  }

  /**
   * A pull request the compiler will plan shows {@code slipway/config} pending at once, straight
   * from the webhook: reading the commit's {@code .slipway.yml} is the slowest step before the
   * tasks are known. The compiler's outcome for the same commit finishes it; if the compiler gave
   * up on the webhook, the dead letter does. A fork's head is planned only once approved: its
   * {@link HeadApproval} shows instead.
   */
  private static Optional<DesiredStatus> configOfPlannedPullRequest(
      WebhookReceived webhook,
      CommitState state,
      String description,
      Progress progress,
      Instant eventTime,
      String correlationId) {
    if (!webhook.plansPullRequestHead()
        || webhook.repository() == null
        || ((WebhookDetails.PullRequest) webhook.details()).fork()) {
      return Optional.empty();
    }
    return Optional.of(
        config(
            webhook.repository(),
            webhook.headSha(),
            state,
            description,
            progress,
            eventTime,
            correlationId));
  }

  private static DesiredStatus plannedPipeline(
      PipelinePlanned planned, Instant eventTime, String correlationId) {
    String description;
    if (!planned.hasConfig()) {
      description = "no .slipway.yml at this commit: nothing to run";
    } else if (planned.tasks().isEmpty()) {
      description = ".slipway.yml has no tasks to run";
    } else {
      int count = planned.tasks().size();
      description =
          count
              + (count == 1 ? " task" : " tasks")
              + " planned: "
              + String.join(", ", planned.tasks());
    }
    return config(
        planned.repository(),
        planned.sha(),
        CommitState.SUCCESS,
        Descriptions.fit(description),
        Progress.FINISHED,
        eventTime,
        correlationId);
  }

  /**
   * Every status of {@code slipway/config} on a commit belongs to one "run", so the outcome, once
   * shown, stays: a later webhook for the same commit (a push, then the pull request's synchronize)
   * cannot set it back to pending.
   */
  private static DesiredStatus config(
      String repository,
      String sha,
      CommitState state,
      String description,
      Progress progress,
      Instant eventTime,
      String correlationId) {
    return new DesiredStatus(
        new StatusKey(repository, sha, CONFIG_CONTEXT),
        state,
        description,
        null,
        "config@" + sha,
        progress,
        eventTime,
        correlationId);
  }

  /**
   * A planned task is queued as soon as the compiler planned it: the status need not wait for the
   * runner's own QUEUED event, a hop later. It has no link yet; the run's next status brings it.
   */
  private static DesiredStatus planned(
      TaskPlanned planned, Instant eventTime, String correlationId) {
    return new DesiredStatus(
        new StatusKey(planned.repository(), planned.sha(), taskContext(planned.task())),
        CommitState.PENDING,
        QUEUED,
        null,
        planned.runId(),
        Progress.QUEUED,
        eventTime,
        correlationId);
  }

  private static DesiredStatus taskRun(
      TaskRunStateChanged run, Instant eventTime, String correlationId) {
    Instant occurredAt = run.occurredAt() == null ? eventTime : run.occurredAt();
    String description =
        switch (run.to()) {
          case QUEUED -> QUEUED;
          case STARTED -> "running " + run.task();
          case SUCCEEDED ->
              run.startedAt() == null
                  ? "passed"
                  : "passed in "
                      + Descriptions.duration(Duration.between(run.startedAt(), occurredAt));
          case FAILED -> firstError(run);
          case TIMED_OUT -> "timed out" + explained(run.detail());
          case CANCELLED ->
              "cancelled: " + (run.detail() == null ? RunsCancelled.SUPERSEDED : run.detail());
          case ERROR -> INFRASTRUCTURE_ERROR + ", see the run page";
        };
    return new DesiredStatus(
        new StatusKey(run.repository(), run.sha(), taskContext(run.task())),
        stateOf(run.to()),
        Descriptions.fit(description),
        run.logUrl(),
        run.runId(),
        progressOf(run.to()),
        occurredAt,
        correlationId);
  }

  private static String firstError(TaskRunStateChanged run) {
    if (run.errors() != null && !run.errors().isEmpty()) {
      NormalizedError first = run.errors().get(0);
      return first.describe();
    }
    if (run.detail() != null) {
      return run.detail();
    }
    return run.exitCode() == null ? "failed" : "failed with exit code " + run.exitCode();
  }

  private static DesiredStatus rejectedPipeline(
      PipelineRejected rejected, Instant eventTime, String correlationId) {
    String where = rejected.line() == null ? "" : " (line " + rejected.line() + ")";
    return config(
        rejected.repository(),
        rejected.sha(),
        CommitState.FAILURE,
        Descriptions.fit(".slipway.yml" + where + ": " + rejected.reason()),
        Progress.FINISHED,
        eventTime,
        correlationId);
  }

  private static DesiredStatus releaseBuild(
      ReleaseBuildStateChanged build, Instant eventTime, String correlationId) {
    String tag = build.tag();
    String description =
        switch (build.to()) {
          case QUEUED -> "build of " + tag + " queued";
          case STARTED -> "building " + tag;
          case SUCCEEDED -> "built " + tag;
          case FAILED -> "build of " + tag + " failed" + explained(build.detail());
          case TIMED_OUT -> "build of " + tag + " timed out" + explained(build.detail());
          case CANCELLED -> "build of " + tag + " cancelled" + explained(build.detail());
          case ERROR -> "build of " + tag + ": " + INFRASTRUCTURE_ERROR + ", see the build page";
        };
    return new DesiredStatus(
        new StatusKey(build.repository(), build.sha(), BUILD_CONTEXT),
        stateOf(build.to()),
        Descriptions.fit(description),
        build.logUrl(),
        build.releaseId(),
        progressOf(build.to()),
        build.occurredAt() == null ? eventTime : build.occurredAt(),
        correlationId);
  }

  private static String explained(String detail) {
    return detail == null || detail.isBlank() ? "" : ": " + detail;
  }

  /**
   * Timeouts and cancellations are not the user's code failing: they show as error, not failure.
   */
  static CommitState stateOf(RunState state) {
    return switch (state) {
      case QUEUED, STARTED -> CommitState.PENDING;
      case SUCCEEDED -> CommitState.SUCCESS;
      case FAILED -> CommitState.FAILURE;
      case TIMED_OUT, CANCELLED, ERROR -> CommitState.ERROR;
    };
  }

  static Progress progressOf(RunState state) {
    return switch (state) {
      case QUEUED -> Progress.QUEUED;
      case STARTED -> Progress.RUNNING;
      case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ERROR -> Progress.FINISHED;
    };
  }
}
