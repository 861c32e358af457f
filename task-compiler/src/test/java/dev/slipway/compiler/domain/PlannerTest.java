package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskResources;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import dev.slipway.testsupport.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {

  private static final String REPO = "org/shop";
  private static final String SHA = "1111111111111111111111111111111111111111";
  private static final String OLD_SHA = "2222222222222222222222222222222222222222";
  private static final String BROKEN_SHA = "3333333333333333333333333333333333333333";
  private static final String NO_FILE_SHA = "4444444444444444444444444444444444444444";
  private static final String PRERELEASES_SHA = "5555555555555555555555555555555555555555";
  private static final Instant PUBLISHED = Instant.parse("2026-01-02T03:04:05Z");
  private static final Instant AT = PUBLISHED;
  private static final String FILE =
      """
      image: alpine:3.20
      env:
        PLAIN: x
        TOKEN: {secret: npm-token}
      resources: {memory: 2g}
      tasks:
        lint:
          cmds: [make lint]
        test:
          cmds: [make test]
          timeout: 5m
          resources: {cpus: 0.5}
      release:
        datacenters: [dc1, dc2]
      deploy:
        service: shop
        port: 8080
      """;

  private final FakePipelineSource source =
      new FakePipelineSource()
          .withFile(REPO, SHA, FILE)
          .withFile(
              REPO,
              BROKEN_SHA,
              "image: alpine\ntasks:\n  lint:\n    cmds: [make]\n    tiemout: 5m\n")
          .withFile(
              REPO,
              PRERELEASES_SHA,
              FILE.replace(
                  "datacenters: [dc1, dc2]", "datacenters: [dc1, dc2]\n  prereleases: true"))
          .withTag(REPO, "v1.0.0", SHA)
          .withTag(REPO, "v2.0.0-rc.1", SHA)
          .withTag(REPO, "v2.0.0-rc.2", PRERELEASES_SHA)
          .withTag(REPO, "v0.9.0", NO_FILE_SHA);
  private final Planner planner =
      new Planner(new Pipelines(source, 10), new TaskCompiler(Duration.ofMinutes(20)));

  @Test
  void anOpenedPullRequestPlansOneRunPerTaskInFileOrder() {
    Plan plan = planner.plan(pullRequest("opened", SHA, false), AT);

    List<TaskPlanned> planned = events(plan, TaskPlanned.class);
    assertThat(plan.events()).hasSize(3);
    assertThat(plan.events().get(2).event())
        .isEqualTo(new PipelinePlanned(REPO, SHA, 42, true, List.of("lint", "test")));
    assertThat(planned).extracting(TaskPlanned::task).containsExactly("lint", "test");
    TaskPlanned lint = planned.get(0);
    assertThat(lint.runId())
        .isEqualTo(Planner.runId(REPO, SHA, "lint", "pull_request"))
        .hasSize(20);
    assertThat(plan.events().get(0).id()).isEqualTo("task-planned-" + lint.runId());
    assertThat(lint.trigger()).isEqualTo("pull_request");
    assertThat(lint.pullRequestNumber()).isEqualTo(42);
    assertThat(lint.fork()).isFalse();
    assertThat(lint.cloneUrl()).isEqualTo("file:///repos/org/shop.git");
    assertThat(lint.baseImage()).isEqualTo("alpine:3.20");
    assertThat(lint.dockerfile()).startsWith("FROM alpine:3.20\n");
    assertThat(lint.entrypoint()).contains("\nmake lint\n");
    assertThat(lint.contentHash())
        .isEqualTo(Hashes.sha256Hex(lint.dockerfile(), lint.entrypoint()));
    assertThat(lint.timeoutSeconds()).isEqualTo(20 * 60);
    assertThat(planned.get(1).timeoutSeconds()).isEqualTo(5 * 60);
    assertThat(lint.resources()).isEqualTo(new TaskResources(2L << 30, 0));
    assertThat(planned.get(1).resources()).isEqualTo(new TaskResources(2L << 30, 500));
    assertThat(lint.env())
        .containsEntry("PLAIN", "x")
        .containsEntry("SLIPWAY_SHA", SHA)
        .containsEntry("SLIPWAY_REF", "feature")
        .containsEntry("SLIPWAY_PULL_REQUEST", "42")
        .containsEntry("SLIPWAY_RUN_ID", lint.runId())
        .doesNotContainKeys("TOKEN", "SLIPWAY_WITHHELD_SECRETS");
  }

  @Test
  void theSameEventPlannedTwiceGivesTheSameIdsAndReadsTheRepositoryOnce() {
    Plan first = planner.plan(pullRequest("opened", SHA, false), AT);
    Plan again = planner.plan(pullRequest("opened", SHA, false), AT);

    assertThat(again).isEqualTo(first);
    assertThat(source.reads()).isEqualTo(1);
  }

  @Test
  void aRerunPlansTheSameTasksUnderRunIdsOfItsOwnThatTheSameRerunRepeats() {
    WebhookReceived webhook = pullRequest("opened", SHA, false);
    List<TaskPlanned> original = events(planner.plan(webhook, AT), TaskPlanned.class);

    Plan rerun = planner.rerun(webhook, AT, "rerun-a");

    List<TaskPlanned> rerunTasks = events(rerun, TaskPlanned.class);
    String lintRun = Planner.runId(REPO, SHA, "lint", "pull_request");
    assertThat(rerunTasks)
        .extracting(TaskPlanned::runId)
        .containsExactly(
            Planner.rerunId(lintRun, "rerun-a"),
            Planner.rerunId(Planner.runId(REPO, SHA, "test", "pull_request"), "rerun-a"))
        .doesNotContainAnyElementsOf(original.stream().map(TaskPlanned::runId).toList());
    assertThat(rerunTasks.get(0).runId()).matches(lintRun + "-rerun-[0-9a-f]{8}");
    assertThat(rerun.events().get(0).id()).isEqualTo("task-planned-" + rerunTasks.get(0).runId());
    assertThat(rerunTasks.get(0).env()).containsEntry("SLIPWAY_RUN_ID", rerunTasks.get(0).runId());
    assertThat(rerunTasks.get(0).contentHash()).isEqualTo(original.get(0).contentHash());
    assertThat(rerun.outcome()).isEqualTo(Plan.Outcome.PLANNED);
    assertThat(planner.rerun(webhook, AT, "rerun-a")).as("the same rerun again").isEqualTo(rerun);
    assertThat(events(planner.rerun(webhook, AT, "rerun-b"), TaskPlanned.class))
        .as("another rerun")
        .extracting(TaskPlanned::runId)
        .doesNotContainAnyElementsOf(rerunTasks.stream().map(TaskPlanned::runId).toList());
  }

  @Test
  void aRerunCancelsNothing() {
    Plan synchronize = planner.rerun(pullRequest("synchronize", SHA, false), AT, "rerun-a");
    Plan closed = planner.rerun(pullRequest("closed", SHA, false), AT, "rerun-a");

    assertThat(synchronize.events())
        .extracting(Plan.Planned::event)
        .hasOnlyElementsOfTypes(TaskPlanned.class, PipelinePlanned.class)
        .hasSize(3);
    assertThat(closed.events()).isEmpty();
    assertThat(closed.outcome()).isEqualTo(Plan.Outcome.IGNORED);
  }

  @Test
  void eachKindOfDecisionHasItsOutcome() {
    assertThat(planner.plan(pullRequest("opened", SHA, false), AT).outcome())
        .isEqualTo(Plan.Outcome.PLANNED);
    assertThat(planner.plan(pullRequest("closed", SHA, false), AT).outcome())
        .isEqualTo(Plan.Outcome.PLANNED);
    assertThat(planner.plan(pullRequest("opened", BROKEN_SHA, false), AT).outcome())
        .isEqualTo(Plan.Outcome.REJECTED);
    assertThat(planner.plan(pullRequest("opened", NO_FILE_SHA, false), AT).outcome())
        .isEqualTo(Plan.Outcome.IGNORED);
    assertThat(planner.plan(webhook("ping", null, null, null, null), AT).outcome())
        .isEqualTo(Plan.Outcome.IGNORED);
    assertThat(planner.plan(webhook("release", "published", null, null, "v1.0.0"), AT).outcome())
        .isEqualTo(Plan.Outcome.PLANNED);
    assertThat(planner.unreachable(pullRequest("opened", SHA, false), "refused").outcome())
        .isEqualTo(Plan.Outcome.FAILED);
  }

  @Test
  void theTriggerAndTheCommitMakeTheRunId() {
    assertThat(Planner.runId(REPO, SHA, "lint", "push"))
        .isNotEqualTo(Planner.runId(REPO, SHA, "lint", "pull_request"))
        .isNotEqualTo(Planner.runId(REPO, OLD_SHA, "lint", "push"))
        .isNotEqualTo(Planner.runId(REPO, SHA, "test", "push"));
  }

  @Test
  void aSameRepositoryPullRequestGetsItsSecretsAsReferences() {
    TaskPlanned lint =
        events(planner.plan(pullRequest("opened", SHA, false), AT), TaskPlanned.class).get(0);

    assertThat(lint.secrets()).containsExactly(Map.entry("TOKEN", "npm-token"));
    assertThat(lint.env()).doesNotContainKeys("TOKEN", "SLIPWAY_WITHHELD_SECRETS");
  }

  @Test
  void aForkPullRequestWaitsForTheReportersApprovalAndRunsWithoutSecretsOnceApproved() {
    WebhookReceived opened = pullRequest("opened", SHA, true);
    Plan waiting = planner.plan(opened, AT);

    assertThat(waiting.events()).isEmpty();
    assertThat(waiting.outcome()).isEqualTo(Plan.Outcome.IGNORED);
    assertThat(waiting.decision())
        .isEqualTo("pull request #42 from a fork waiting for the status-reporter's approval");

    Plan approved =
        planner.command(
            new PullRequestCommand(
                opened.deliveryId(),
                PullRequestCommand.Kind.OK_TO_TEST,
                null,
                "bob",
                REPO,
                null,
                (WebhookDetails.PullRequest) opened.details(),
                List.of()),
            null);
    TaskPlanned lint = events(approved, TaskPlanned.class).get(0);
    assertThat(lint.fork()).isTrue();
    assertThat(lint.secrets()).isEmpty();
    assertThat(lint.env())
        .doesNotContainKey("TOKEN")
        .containsEntry("SLIPWAY_WITHHELD_SECRETS", "TOKEN");
  }

  @Test
  void aForksNewHeadStillCancelsTheRunsOfItsOlderHeadsAndClosingItCancelsAll() {
    Plan synchronize = planner.plan(pullRequest("synchronize", SHA, true), AT);
    Plan closed = planner.plan(pullRequest("closed", SHA, true), AT);

    assertThat(synchronize.events())
        .extracting(Plan.Planned::event)
        .containsExactly(new RunsCancelled(REPO, 42, SHA, RunsCancelled.SUPERSEDED));
    assertThat(synchronize.decision()).endsWith("waiting for the status-reporter's approval");
    assertThat(closed.events())
        .extracting(Plan.Planned::event)
        .containsExactly(new RunsCancelled(REPO, 42, null, RunsCancelled.PULL_REQUEST_CLOSED));
  }

  @Test
  void aSynchronizeCancelsTheOlderHeadsFirst() {
    Plan plan = planner.plan(pullRequest("synchronize", SHA, false), AT);

    assertThat(plan.events().get(0).event())
        .isEqualTo(new RunsCancelled(REPO, 42, SHA, RunsCancelled.SUPERSEDED));
    assertThat(events(plan, TaskPlanned.class)).hasSize(2);
  }

  @Test
  void closingAPullRequestCancelsAllItsRuns() {
    Plan plan = planner.plan(pullRequest("closed", SHA, false), AT);

    assertThat(plan.events())
        .extracting(Plan.Planned::event)
        .containsExactly(new RunsCancelled(REPO, 42, null, RunsCancelled.PULL_REQUEST_CLOSED));
  }

  @Test
  void aBrokenFileIsRejectedWithItsLine() {
    Plan plan = planner.plan(pullRequest("opened", BROKEN_SHA, false), AT);

    assertThat(plan.events())
        .extracting(Plan.Planned::event)
        .containsExactly(
            new PipelineRejected(
                REPO,
                BROKEN_SHA,
                42,
                "unknown key `tiemout` in tasks.lint (did you mean `timeout`?); known keys: image, pre, cmds, post, timeout, env, resources",
                5));
  }

  @Test
  void aScalarAliasBombIsRejectedInsteadOfCompiled() {
    String bombSha = "6666666666666666666666666666666666666666";
    source.withFile(REPO, bombSha, HostileFiles.scalarAliasBomb());

    Plan plan = planner.plan(pullRequest("opened", bombSha, false), AT);

    assertThat(plan.events())
        .extracting(Plan.Planned::event)
        .singleElement()
        .isInstanceOfSatisfying(
            PipelineRejected.class,
            rejected -> {
              assertThat(rejected.reason())
                  .startsWith(
                      "tasks.build.cmds[0] takes the task's entrypoint script past its limit of 262144 bytes");
              assertThat(rejected.line()).isEqualTo(HostileFiles.BOMB_ANCHOR_LINE);
            });
  }

  @Test
  void aCommitWithoutTheFilePlansNoTaskAndSaysSo() {
    Plan plan = planner.plan(pullRequest("opened", NO_FILE_SHA, false), AT);

    assertThat(plan.events())
        .extracting(Plan.Planned::event)
        .containsExactly(new PipelinePlanned(REPO, NO_FILE_SHA, 42, false, List.of()));
    assertThat(plan.decision()).contains("no .slipway.yml");
  }

  @Test
  void otherActionsAndEventsAreIgnored() {
    assertThat(planner.plan(pullRequest("labeled", SHA, false), AT).events()).isEmpty();
    assertThat(planner.plan(webhook("ping", null, null, null, null), AT).events()).isEmpty();
    assertThat(planner.plan(webhook("push", null, "refs/tags/v1", SHA, null), AT).events())
        .isEmpty();
    assertThat(
            planner
                .plan(webhook("push", null, "refs/heads/gone", "0".repeat(40), null), AT)
                .events())
        .isEmpty();
  }

  @Test
  void aPushToABranchPlansPushRuns() {
    Plan plan = planner.plan(webhook("push", null, "refs/heads/main", SHA, null), AT);

    assertThat(events(plan, TaskPlanned.class))
        .allSatisfy(
            planned -> {
              assertThat(planned.trigger()).isEqualTo("push");
              assertThat(planned.pullRequestNumber()).isNull();
            })
        .hasSize(2);
  }

  @Test
  void aPublishedReleaseIsResolvedToItsCommitAndRequested() {
    Plan plan = planner.plan(webhook("release", "published", null, null, "v1.0.0"), AT);

    String releaseId = Planner.releaseId(REPO, 77L);
    assertThat(plan.events())
        .extracting(Plan.Planned::id)
        .containsExactly(releaseId + "-requested");
    assertThat(plan.events().get(0).event())
        .isEqualTo(
            new ReleaseRequested(
                releaseId,
                REPO,
                "v1.0.0",
                SHA,
                "file:///repos/org/shop.git",
                PUBLISHED,
                new BuildDefinition("Dockerfile", "."),
                new DeployDefinition("shop", 1, 8080, "/healthz"),
                List.of("dc1", "dc2"),
                ReleaseRequested.QueueMode.SUPERSEDE));
  }

  static Stream<Arguments> prereleasesAndDrafts() {
    return Stream.of(
        Arguments.of("a full release", "v1.0.0", false, false, null),
        Arguments.of(
            "a prerelease",
            "v2.0.0-rc.1",
            true,
            false,
            "skipped: v2.0.0-rc.1 is a prerelease and release.prereleases is not true"),
        Arguments.of(
            "a draft",
            "v2.0.0-rc.1",
            false,
            true,
            "skipped: v2.0.0-rc.1 is a draft and release.prereleases is not true"),
        Arguments.of(
            "a draft prerelease",
            "v2.0.0-rc.1",
            true,
            true,
            "skipped: v2.0.0-rc.1 is a draft and release.prereleases is not true"),
        Arguments.of("a prerelease with prereleases: true", "v2.0.0-rc.2", true, false, null),
        Arguments.of("a draft with prereleases: true", "v2.0.0-rc.2", false, true, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prereleasesAndDrafts")
  void prereleasesAndDraftsAreSkippedUnlessTheFileAsksForThem(
      String kind, String tag, boolean prerelease, boolean draft, String skipReason) {
    WebhookReceived release =
        Webhooks.release(REPO, 77L, tag).published(PUBLISHED, prerelease, draft).build();
    Plan plan = planner.plan(release, AT);

    String releaseId = Planner.releaseId(REPO, 77L);
    assertThat(plan.events()).as(kind).hasSize(1);
    if (skipReason == null) {
      assertThat(plan.events().get(0).id()).isEqualTo(releaseId + "-requested");
      assertThat(plan.events().get(0).event()).isInstanceOf(ReleaseRequested.class);
    } else {
      String sha = plan.sha();
      assertThat(plan.events().get(0).id()).isEqualTo(releaseId + "-skipped");
      assertThat(plan.events().get(0).event())
          .isEqualTo(new ReleaseSkipped(releaseId, REPO, tag, sha, skipReason));
      assertThat(sha).isEqualTo(SHA);
    }
  }

  @Test
  void aReleaseToADatacenterThePlatformDoesNotKnowIsRejected() {
    Planner knowingDc1 =
        new Planner(
            new Pipelines(source, 10, new PipelineParser(List.of("dc1"), PipelineLimits.DEFAULTS)),
            new TaskCompiler(Duration.ofMinutes(20)));

    List<PipelineRejected> rejected =
        events(
            knowingDc1.plan(webhook("release", "published", null, null, "v1.0.0"), AT),
            PipelineRejected.class);

    assertThat(rejected)
        .containsExactly(
            new PipelineRejected(
                REPO,
                SHA,
                null,
                "datacenter 'dc2' is not one this platform deploys to (did you mean `dc1`?); known datacenters: dc1",
                14));
  }

  @Test
  void aReleaseThatCannotBeBuiltIsRejected() {
    assertThat(rejection(webhook("release", "published", null, null, "v0.9.0")))
        .isEqualTo(
            new PipelineRejected(
                REPO,
                NO_FILE_SHA,
                null,
                "release v0.9.0: the tagged commit has no .slipway.yml",
                null));
    assertThat(rejection(webhook("release", "published", null, null, "v9")))
        .isEqualTo(
            new PipelineRejected(REPO, null, null, "tag v9 does not exist in org/shop", null));
  }

  @Test
  void aDeploymentAPersonCreatedRequestsARedeployOfItsRefToItsEnvironment() {
    WebhookReceived deployment =
        Webhooks.deployment(REPO, 145988746L, "v1.0.0", SHA, "dc2").sender("bob").build();

    Plan plan = planner.plan(deployment, AT);

    assertThat(plan.events())
        .containsExactly(
            new Plan.Planned(
                "op-gh-deployment-145988746-requested",
                new ReleaseOperationRequested(
                    "gh-deployment-145988746",
                    REPO,
                    ReleaseOrigin.Operation.REDEPLOY,
                    null,
                    "v1.0.0",
                    List.of("dc2"),
                    "alice",
                    AT,
                    145988746L)));
    assertThat(plan.sha()).isEqualTo(SHA);
    assertThat(plan.decision())
        .isEqualTo("redeploy of v1.0.0 to [dc2] requested by alice (GitHub deployment 145988746)");
    assertThat(planner.plan(deployment, AT.plusSeconds(60)).events())
        .extracting(Plan.Planned::id)
        .as("a redelivery is the same request")
        .containsExactly("op-gh-deployment-145988746-requested");
    assertThat(source.reads()).as("git reads").isZero();
  }

  static Stream<Arguments> deploymentRefs() {
    return Stream.of(
        Arguments.of("a tag", "v1.0.0", "v1.0.0"),
        Arguments.of("a full sha", SHA, SHA),
        Arguments.of("an abbreviated sha", "1111111", SHA),
        Arguments.of("a branch", "main", "main"),
        Arguments.of("a branch named like hex but not the commit", "abcdef12", "abcdef12"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deploymentRefs")
  void aDeploymentNamesItsReleaseByTheRefAsGivenOrTheFullSha(
      String kind, String ref, String releaseRef) {
    WebhookReceived deployment = Webhooks.deployment(REPO, 9L, ref, SHA, "dc1").build();

    assertThat(events(planner.plan(deployment, AT), ReleaseOperationRequested.class))
        .extracting(ReleaseOperationRequested::ref)
        .containsExactly(releaseRef);
  }

  @Test
  void aDeploymentSlipwayCreatedOrAnotherActionPlansNothing() {
    Plan own =
        planner.plan(Webhooks.deployment(REPO, 9L, "v1.0.0", SHA, "dc1").bySlipway().build(), AT);

    assertThat(own.events()).isEmpty();
    assertThat(own.decision())
        .isEqualTo(
            "ignored deployment 9: Slipway created it for a release (its payload has release_id)");
    assertThat(
            planner
                .plan(
                    Webhooks.deployment(REPO, 9L, "v1.0.0", SHA, "dc1").action("updated").build(),
                    AT)
                .events())
        .isEmpty();
  }

  @Test
  void aDeploymentIsPlannedWithoutReadingTheRepository() {
    source.unreachable(true);

    assertThat(planner.readsRepository(Webhooks.deployment(REPO, 9L, "v1", SHA, "dc1").build()))
        .isFalse();
    assertThat(planner.readsRepository(pullRequest("opened", SHA, false))).isTrue();
    assertThat(planner.plan(Webhooks.deployment(REPO, 9L, "v1", SHA, "dc1").build(), AT).events())
        .hasSize(1);
  }

  @Test
  void anUnreachableRepositoryIsRetryableUntilTheCallerGivesUp() {
    source.unreachable(true);

    assertThatThrownBy(() -> planner.plan(pullRequest("opened", SHA, false), AT))
        .isInstanceOf(SourceUnavailableException.class);
    assertThat(
            planner.unreachable(pullRequest("opened", SHA, false), "connection refused").events())
        .extracting(Plan.Planned::event)
        .containsExactly(
            new PipelineRejected(
                REPO, SHA, 42, "could not read the repository: connection refused", null));
  }

  private PipelineRejected rejection(WebhookReceived webhook) {
    List<PipelineRejected> rejected = events(planner.plan(webhook, AT), PipelineRejected.class);
    assertThat(rejected).hasSize(1);
    return rejected.get(0);
  }

  /** The events of {@code type} the plan publishes, in order. */
  static <T extends TaskSpecEvent> List<T> events(Plan plan, Class<T> type) {
    return plan.events().stream()
        .map(Plan.Planned::event)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  private static WebhookReceived pullRequest(String action, String sha, boolean fork) {
    Webhooks.Builder webhook =
        Webhooks.pullRequest(REPO, 42, sha)
            .action(action)
            .delivery("delivery-" + action)
            .before(OLD_SHA);
    return (fork ? webhook.fromFork("someone/shop") : webhook).build();
  }

  private static WebhookReceived webhook(
      String event, String action, String ref, String sha, String tag) {
    Webhooks.Builder webhook =
        switch (event) {
          case "push" -> Webhooks.push(REPO, ref, sha);
          case "release" -> Webhooks.release(REPO, 77L, tag).published(PUBLISHED, false, false);
          case "issue_comment" -> Webhooks.comment(REPO, 42, "/retest");
          case "ping" -> Webhooks.ping(REPO);
          default -> throw new IllegalArgumentException("no test webhook for " + event);
        };
    return webhook.action(action).delivery("delivery-" + event).build();
  }
}
