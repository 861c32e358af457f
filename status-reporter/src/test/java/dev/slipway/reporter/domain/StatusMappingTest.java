package dev.slipway.reporter.domain;

import static dev.slipway.reporter.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.WebhookReceived;
import dev.slipway.testsupport.TaskPlans;
import dev.slipway.testsupport.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMappingTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "QUEUED    | 0   |        | PENDING | queued",
        "STARTED   | 1   |        | PENDING | running unit",
        "SUCCEEDED | 72  |        | SUCCESS | passed in 1m12s",
        "FAILED    | 30  |        | FAILURE | failed with exit code 0",
        "FAILED    | 30  | exit 2 | FAILURE | exit 2",
        "TIMED_OUT | 600 | no output for 10m | ERROR | timed out: no output for 10m",
        "ERROR     | 5   | registry.internal:5000 refused | ERROR | infrastructure error, see the run page",
        "CANCELLED | 5   |        | ERROR   | cancelled: superseded by a newer push",
        "CANCELLED | 5   | pull request closed | ERROR | cancelled: pull request closed",
      })
  void taskRunStatesShowOnTheTasksContext(
      RunState state,
      long secondsAfterStart,
      String detail,
      CommitState expectedState,
      String expectedDescription) {
    DesiredStatus status =
        Events.status(
            Events.run(
                REPO, SHA, "unit", state, T0.plusSeconds(secondsAfterStart), List.of(), detail));

    assertThat(status.key()).isEqualTo(new StatusKey(REPO, SHA, "slipway/unit"));
    assertThat(status.state()).isEqualTo(expectedState);
    assertThat(status.description()).isEqualTo(expectedDescription);
    assertThat(status.targetUrl())
        .isEqualTo("http://runner.local/runs/" + Events.runId(REPO, SHA, "unit"));
  }

  @Test
  void aFailureShowsTheFirstNormalizedErrorCutToGitHubsLimit() {
    List<NormalizedError> errors =
        List.of(
            new NormalizedError(
                "pytest",
                "tests/test_cart.py",
                42,
                null,
                "AssertionError: expected the cart total to include the discount of the customer "
                    + "x".repeat(80)
                    + " and more words"),
            new NormalizedError("pytest", null, null, null, "second error"));

    DesiredStatus status =
        Events.status(
            Events.run(REPO, SHA, "unit", RunState.FAILED, T0.plusSeconds(3), errors, "exit 1"));

    assertThat(status.state()).isEqualTo(CommitState.FAILURE);
    assertThat(status.description())
        .startsWith("tests/test_cart.py:42: AssertionError: expected the cart total")
        .endsWith("…")
        .hasSizeLessThanOrEqualTo(Descriptions.MAX_LENGTH);
  }

  @ParameterizedTest
  @CsvSource({
    "opened, true",
    "synchronize, true",
    "reopened, true",
    "closed, false",
    "labeled, false"
  })
  void aPullRequestToPlanShowsTheConfigPendingStraightFromTheWebhook(String action, boolean shown) {
    WebhookReceived webhook = pullRequest(action);

    var status = StatusMapping.statusFor(webhook, T0, "d-1");

    assertThat(status.isPresent()).isEqualTo(shown);
    status.ifPresent(
        pending -> {
          assertThat(pending.key()).isEqualTo(new StatusKey(REPO, SHA, "slipway/config"));
          assertThat(pending.shown()).isEqualTo("pending \"reading .slipway.yml\"");
          assertThat(pending.targetUrl()).isNull();
        });
    assertThat(StatusMapping.onlyForKnownRepositories(webhook)).isTrue();
  }

  @Test
  void aForksHeadShowsWhatItsApprovalSaysNotItsWebhook() {
    WebhookReceived fromFork = Webhooks.pullRequest(REPO, 7, SHA).fromFork("mallory/shop").build();
    DesiredStatus waiting =
        StatusMapping.statusFor(new HeadApproval(REPO, SHA, false), T0, "d-1").orElseThrow();
    DesiredStatus approved =
        StatusMapping.statusFor(new HeadApproval(REPO, SHA, true), T0.plusSeconds(60), "d-2")
            .orElseThrow();
    DesiredStatus planned =
        StatusMapping.statusFor(
                new PipelinePlanned(REPO, SHA, 7, true, List.of("unit")), T0.plusSeconds(61), "d-2")
            .orElseThrow();

    assertThat(StatusMapping.statusFor(fromFork, T0, "d-1"))
        .as("the compiler does not plan a fork's head from its webhook")
        .isEmpty();
    assertThat(waiting.key()).isEqualTo(new StatusKey(REPO, SHA, "slipway/config"));
    assertThat(waiting.shown()).isEqualTo("pending \"waiting for /ok-to-test from a member\"");
    assertThat(approved.shown()).isEqualTo("pending \"reading .slipway.yml\"");
    assertThat(Ordering.judge(approved, waiting)).isEqualTo(Ordering.Verdict.NEWER);
    assertThat(Ordering.judge(planned, approved)).isEqualTo(Ordering.Verdict.NEWER);
    assertThat(Ordering.judge(waiting, planned))
        .as("a redelivered webhook of the head after its plan")
        .isEqualTo(Ordering.Verdict.STALE);
    assertThat(StatusMapping.onlyForKnownRepositories(new HeadApproval(REPO, SHA, false))).isTrue();
  }

  @Test
  void aPlannedPipelineNamesItsTasksAndFinishesTheConfigPending() {
    DesiredStatus pending = StatusMapping.statusFor(pullRequest("opened"), T0, "d-1").orElseThrow();
    PipelinePlanned planned = new PipelinePlanned(REPO, SHA, 7, true, List.of("unit", "lint"));

    DesiredStatus status = StatusMapping.statusFor(planned, T0.plusMillis(30), "d-1").orElseThrow();

    assertThat(status.shown()).isEqualTo("success \"2 tasks planned: unit, lint\"");
    assertThat(Ordering.judge(status, pending)).isEqualTo(Ordering.Verdict.NEWER);
    assertThat(Ordering.judge(pending, status))
        .as("a later webhook for the same commit")
        .isEqualTo(Ordering.Verdict.STALE);
    assertThat(StatusMapping.onlyForKnownRepositories(planned)).isFalse();
  }

  @Test
  void aWebhookTheCompilerGaveUpOnEndsTheConfigPendingAsAnError() {
    DesiredStatus pending = StatusMapping.statusFor(pullRequest("opened"), T0, "d-1").orElseThrow();
    PlanningFailed failed = new PlanningFailed(pullRequest("opened"));

    DesiredStatus status = StatusMapping.statusFor(failed, T0.plusSeconds(30), "d-1").orElseThrow();

    assertThat(status.key()).isEqualTo(pending.key());
    assertThat(status.state()).isEqualTo(CommitState.ERROR);
    assertThat(status.description())
        .startsWith("Slipway could not plan this commit")
        .hasSizeLessThanOrEqualTo(140);
    assertThat(Ordering.judge(status, pending)).isEqualTo(Ordering.Verdict.NEWER);
    assertThat(StatusMapping.onlyForKnownRepositories(failed)).isTrue();
    assertThat(StatusMapping.statusFor(new PlanningFailed(pullRequest("closed")), T0, "d-1"))
        .isEmpty();
  }

  @Test
  void aCommitWithoutTheFileSaysSoOnlyWhereSlipwayIsUsed() {
    PipelinePlanned missing = new PipelinePlanned(REPO, SHA, 7, false, List.of());
    PipelinePlanned releaseOnly = new PipelinePlanned(REPO, SHA, 7, true, List.of());

    assertThat(StatusMapping.statusFor(missing, T0, "d-1").orElseThrow().shown())
        .isEqualTo("success \"no .slipway.yml at this commit: nothing to run\"");
    assertThat(StatusMapping.onlyForKnownRepositories(missing)).isTrue();
    assertThat(StatusMapping.statusFor(releaseOnly, T0, "d-1").orElseThrow().shown())
        .isEqualTo("success \".slipway.yml has no tasks to run\"");
  }

  @Test
  void aRejectedPipelineFailsTheConfigContextWithReasonAndLine() {
    DesiredStatus status =
        StatusMapping.statusFor(
                new PipelineRejected(REPO, SHA, 7, "unknown key 'comands'", 12), T0, "d-1")
            .orElseThrow();

    assertThat(status.key()).isEqualTo(new StatusKey(REPO, SHA, "slipway/config"));
    assertThat(status.state()).isEqualTo(CommitState.FAILURE);
    assertThat(status.description()).isEqualTo(".slipway.yml (line 12): unknown key 'comands'");
    assertThat(status.progress()).isEqualTo(Progress.FINISHED);
  }

  @Test
  void aReleaseBuildShowsOnTheBuildContextOfTheReleaseCommit() {
    DesiredStatus status =
        StatusMapping.statusFor(
                new ReleaseBuildStateChanged(
                    "rel-1",
                    REPO,
                    "v1.2.0",
                    SHA,
                    RunState.STARTED,
                    RunState.FAILED,
                    "Dockerfile:3: unknown instruction",
                    "http://runner.local/builds/rel-1",
                    T0),
                T0,
                "d-1")
            .orElseThrow();

    assertThat(status.key()).isEqualTo(new StatusKey(REPO, SHA, "slipway/build"));
    assertThat(status.shown())
        .isEqualTo("failure \"build of v1.2.0 failed: Dockerfile:3: unknown instruction\"");
  }

  @Test
  void eventsThatShowNothingOnGitHubGiveNoStatus() {
    assertThat(
            StatusMapping.statusFor(
                new RunsCancelled(REPO, 7, SHA, RunsCancelled.SUPERSEDED), T0, "d"))
        .isEmpty();
  }

  @Test
  void aPlannedTaskIsQueuedWithoutWaitingForTheRunner() {
    DesiredStatus queued =
        StatusMapping.statusFor(
                TaskPlans.taskPlanned()
                    .runId("run-7")
                    .repository(REPO)
                    .sha(SHA)
                    .task("unit")
                    .build(),
                T0,
                "d")
            .orElseThrow();

    assertThat(queued.key()).isEqualTo(new StatusKey(REPO, SHA, "slipway/unit"));
    assertThat(queued.shown()).isEqualTo("pending \"queued\"");
    assertThat(queued.targetUrl()).isNull();
    assertThat(queued.runId()).isEqualTo("run-7");
    assertThat(queued.progress()).isEqualTo(Progress.QUEUED);
  }

  @Test
  void anEventWithoutShaIsRefusedWithAClearReason() {
    var withoutSha = Events.run(REPO, SHA, "unit", RunState.QUEUED, T0);
    var broken =
        new TaskRunStateChanged(
            withoutSha.runId(),
            REPO,
            null,
            "unit",
            7,
            null,
            RunState.QUEUED,
            null,
            List.of(),
            null,
            null,
            null,
            null,
            T0);

    assertThatThrownBy(() -> Events.status(broken))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a commit status needs a commit sha");
  }

  @Test
  void aSuccessWithoutStartTimeSaysPassed() {
    var run = Events.run(REPO, SHA, "unit", RunState.SUCCEEDED, T0.plus(Duration.ofSeconds(3)));
    var withoutStart =
        new TaskRunStateChanged(
            run.runId(),
            REPO,
            SHA,
            "unit",
            7,
            RunState.STARTED,
            RunState.SUCCEEDED,
            0,
            List.of(),
            null,
            run.logUrl(),
            null,
            null,
            run.occurredAt());

    assertThat(Events.status(withoutStart).description()).isEqualTo("passed");
  }

  private static WebhookReceived pullRequest(String action) {
    return Webhooks.pullRequest(REPO, 7, SHA)
        .action(action)
        .delivery("d-1")
        .sender("octocat")
        .build();
  }
}
