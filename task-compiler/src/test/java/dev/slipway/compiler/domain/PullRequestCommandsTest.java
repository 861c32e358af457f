package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import dev.slipway.testsupport.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /ok-to-test}, {@code /retest [task]} and {@code /cancel}, as the planner takes them. */
class PullRequestCommandsTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "1111111111111111111111111111111111111111";
  private static final String FILE =
      """
      image: alpine
      env:
        TOKEN: {secret: npm-token}
      tasks:
        lint:
          cmds: [make lint]
        test:
          cmds: [make test]
        e2e:
          cmds: [make e2e]
      """;

  private final FakePipelineSource source = new FakePipelineSource().withFile(REPO, SHA, FILE);
  private final Planner planner =
      new Planner(new Pipelines(source, 10), new TaskCompiler(Duration.ofMinutes(20)));

  @Test
  void okToTestPlansTheHeadAsItsPullRequestWouldHaveBeenWithTheSameIds() {
    WebhookReceived opened = Webhooks.pullRequest(REPO, 9, SHA).build();

    Plan approved = planner.command(command(PullRequestCommand.Kind.OK_TO_TEST, null), null);

    assertThat(approved.events()).isEqualTo(planner.plan(opened, Instant.now()).events());
    assertThat(approved.outcome()).isEqualTo(Plan.Outcome.PLANNED);
    assertThat(approved.decision())
        .isEqualTo("/ok-to-test from bob: planned 3 task(s) for pull_request");
  }

  @Test
  void retestPlansOnlyTheFailedTasksUnderRerunIdsOfTheCommand() {
    PullRequestCommand retest = command(PullRequestCommand.Kind.RETEST, null, "test", "e2e");

    Plan plan = planner.command(retest, null);

    assertThat(PlannerTest.events(plan, TaskPlanned.class))
        .extracting(TaskPlanned::task, TaskPlanned::runId, TaskPlanned::trigger)
        .containsExactly(
            tuple(
                "test",
                Planner.rerunId(Planner.runId(REPO, SHA, "test", "pull_request"), "c-1"),
                "pull_request"),
            tuple(
                "e2e",
                Planner.rerunId(Planner.runId(REPO, SHA, "e2e", "pull_request"), "c-1"),
                "pull_request"));
    assertThat(PlannerTest.events(plan, TaskPlanned.class).get(0).pullRequestNumber()).isEqualTo(9);
    assertThat(PlannerTest.events(plan, TaskPlanned.class).get(0).secrets())
        .as("a branch of the repository")
        .isNotEmpty();
    assertThat(plan.events().get(plan.events().size() - 1).event())
        .as("the head's pipeline, as first planned")
        .isEqualTo(new PipelinePlanned(REPO, SHA, 9, true, List.of("lint", "test", "e2e")));
    assertThat(plan.decision())
        .isEqualTo("/retest from bob: planned 2 task(s) for pull_request (rerun c-1)");
    assertThat(planner.command(retest, null)).as("the same command again").isEqualTo(plan);
  }

  @Test
  void retestOfANamedTaskPlansThatTaskAlone() {
    Plan plan = planner.command(command(PullRequestCommand.Kind.RETEST, "lint", "test"), null);

    assertThat(PlannerTest.events(plan, TaskPlanned.class))
        .extracting(TaskPlanned::task)
        .containsExactly("lint");
    assertThat(plan.decision()).startsWith("/retest lint from bob: planned 1 task(s)");
  }

  @Test
  void retestOfATaskTheFileDoesNotHaveIsRejectedSayingSo() {
    Plan plan = planner.command(command(PullRequestCommand.Kind.RETEST, "lnit"), null);

    assertThat(plan.outcome()).isEqualTo(Plan.Outcome.REJECTED);
    assertThat(plan.events())
        .extracting(Plan.Planned::event)
        .containsExactly(
            new PipelineRejected(REPO, SHA, 9, "no task lnit in .slipway.yml at " + SHA, null));
  }

  @Test
  void retestWithoutAFailedTaskOfTheFileRunsNothing() {
    Plan plan =
        planner.command(command(PullRequestCommand.Kind.RETEST, null, "config", "release"), null);

    assertThat(plan.events()).isEmpty();
    assertThat(plan.outcome()).isEqualTo(Plan.Outcome.IGNORED);
    assertThat(plan.decision())
        .isEqualTo(
            "/retest from bob: nothing to run again, no task of .slipway.yml failed at the head");
  }

  @Test
  void aForksRetestRunsWithoutSecrets() {
    WebhookDetails.PullRequest fromFork =
        new WebhookDetails.PullRequest(9, SHA, "feature", "main", "eve/shop", true, null);
    PullRequestCommand retest =
        new PullRequestCommand(
            "c-2",
            PullRequestCommand.Kind.RETEST,
            null,
            "bob",
            REPO,
            null,
            fromFork,
            List.of("lint"));

    TaskPlanned lint = PlannerTest.events(planner.command(retest, null), TaskPlanned.class).get(0);

    assertThat(lint.fork()).isTrue();
    assertThat(lint.secrets()).isEmpty();
    assertThat(lint.env()).containsEntry("SLIPWAY_WITHHELD_SECRETS", "TOKEN");
  }

  @Test
  void cancelCancelsEveryRunOfThePullRequestSayingWhoAskedAndARerunOfItNothing() {
    PullRequestCommand cancel = command(PullRequestCommand.Kind.CANCEL, null);

    Plan plan = planner.command(cancel, null);

    assertThat(plan.events())
        .extracting(Plan.Planned::event)
        .containsExactly(new RunsCancelled(REPO, 9, null, "cancelled by /cancel from bob"));
    assertThat(plan.events().get(0).id()).startsWith("runs-cancelled-");
    assertThat(planner.readsRepository(cancel)).isFalse();
    assertThat(source.reads()).isZero();
    assertThat(planner.command(cancel, "rerun-1").events()).isEmpty();
  }

  @Test
  void aReplayedCommandMarkedAsARerunPlansUnderTheRerunsIds() {
    Plan okToTest = planner.command(command(PullRequestCommand.Kind.OK_TO_TEST, null), "rerun-1");
    Plan retest = planner.command(command(PullRequestCommand.Kind.RETEST, null, "lint"), "rerun-1");

    String lint = Planner.rerunId(Planner.runId(REPO, SHA, "lint", "pull_request"), "rerun-1");
    assertThat(PlannerTest.events(okToTest, TaskPlanned.class).get(0).runId()).isEqualTo(lint);
    assertThat(PlannerTest.events(retest, TaskPlanned.class))
        .extracting(TaskPlanned::runId)
        .containsExactly(lint);
  }

  private static PullRequestCommand command(
      PullRequestCommand.Kind kind, String task, String... failedTasks) {
    return new PullRequestCommand(
        "c-1",
        kind,
        task,
        "bob",
        REPO,
        "https://github.com/acme/shop.git",
        (WebhookDetails.PullRequest) Webhooks.pullRequest(REPO, 9, SHA).build().details(),
        List.of(failedTasks));
  }
}
