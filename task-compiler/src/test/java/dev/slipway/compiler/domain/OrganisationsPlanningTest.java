package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import dev.slipway.testsupport.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the organisations' configuration changes in a plan: who is served, secrets, timeouts. */
class OrganisationsPlanningTest {

  private static final String SHA = "1111111111111111111111111111111111111111";
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final String FILE =
      """
      image: alpine
      env:
        NPM: {secret: npm-token}
        DEPLOY: {secret: deploy-key}
      tasks:
        quick:
          cmds: [make lint]
          timeout: 5m
        slow:
          cmds: [make e2e]
          timeout: 3h
      """;

  private final FakePipelineSource source =
      new FakePipelineSource()
          .withFile("acme/shop", SHA, FILE)
          .withFile("acme/secret-lab", SHA, FILE)
          .withFile("stranger/app", SHA, FILE);
  private final Planner planner =
      new Planner(
          new Pipelines(source, 10),
          new TaskCompiler(Duration.ofMinutes(20)),
          OneOrganisation.serving(
              "acme",
              List.of("shop", "svc-*"),
              Duration.ofHours(1),
              Map.of("deploy-key", Organisation.SecretRule.DEFAULT_BRANCH)));

  @Test
  void aRepositoryOfAnOwnerWithoutOrganisationIsNeitherReadNorPlanned() {
    WebhookReceived webhook = Webhooks.pullRequest("stranger/app", 3, SHA).build();

    Plan plan = planner.plan(webhook, AT);

    assertThat(plan.outcome()).isEqualTo(Plan.Outcome.NOT_SERVED);
    assertThat(plan.events()).isEmpty();
    assertThat(plan.decision())
        .isEqualTo("not served: no organisation is configured for the owner of stranger/app");
    assertThat(planner.readsRepository(webhook)).isFalse();
    assertThat(source.reads()).isZero();
  }

  @Test
  void aRepositoryOutsideItsOrganisationsAllowListIsNeitherReadNorPlanned() {
    WebhookReceived push = Webhooks.push("acme/secret-lab", "refs/heads/main", SHA).build();
    PullRequestCommand command =
        new PullRequestCommand(
            "77",
            PullRequestCommand.Kind.RETEST,
            null,
            "alice",
            "acme/secret-lab",
            null,
            (WebhookDetails.PullRequest)
                Webhooks.pullRequest("acme/secret-lab", 3, SHA).build().details(),
            List.of("quick"));

    assertThat(planner.plan(push, AT).decision())
        .isEqualTo(
            "not served: acme/secret-lab is not among the repositories organisation acme allows");
    assertThat(planner.command(command, null).outcome()).isEqualTo(Plan.Outcome.NOT_SERVED);
    assertThat(planner.command(command, null).events()).isEmpty();
    assertThat(planner.readsRepository(command)).isFalse();
    assertThat(source.reads()).isZero();
  }

  @Test
  void aTaskTimeoutAboveTheOrganisationsLimitIsCutToItAndThePlanSaysSo() {
    Plan plan = planner.plan(Webhooks.push("acme/shop", "refs/heads/main", SHA).build(), AT);

    assertThat(PlannerTest.events(plan, TaskPlanned.class))
        .extracting(TaskPlanned::timeoutSeconds)
        .containsExactly(5 * 60L, 60 * 60L);
    assertThat(plan.decision())
        .isEqualTo(
            "planned 2 task(s) for push; timeout of slow cut to 3600s, the longest organisation"
                + " acme allows (limits.max-task-timeout)");
  }

  @Test
  void aSecretKeptToTheDefaultBranchGoesOnlyToPushesToIt() {
    TaskPlanned toMain = firstTask(Webhooks.push("acme/shop", "refs/heads/main", SHA).build());
    TaskPlanned toFeature =
        firstTask(Webhooks.push("acme/shop", "refs/heads/feature", SHA).build());
    TaskPlanned pullRequest = firstTask(Webhooks.pullRequest("acme/shop", 3, SHA).build());

    assertThat(toMain.secrets()).isEqualTo(Map.of("NPM", "npm-token", "DEPLOY", "deploy-key"));
    assertThat(toMain.env()).doesNotContainKey("SLIPWAY_WITHHELD_SECRETS");
    for (TaskPlanned trusted : List.of(toFeature, pullRequest)) {
      assertThat(trusted.secrets()).isEqualTo(Map.of("NPM", "npm-token"));
      assertThat(trusted.env())
          .doesNotContainKey("DEPLOY")
          .containsEntry("SLIPWAY_WITHHELD_SECRETS", "DEPLOY");
    }
  }

  @Test
  void aReleaseToADatacenterTheOrganisationMayNotUseIsRejectedBeforeAnythingIsBuilt() {
    String releasing =
        "image: alpine\ntasks:\n  t:\n    cmds: [make]\n"
            + "release:\n  datacenters: [dc1, dc2]\n"
            + "deploy:\n  service: shop\n  port: 8080\n";
    FakePipelineSource releases =
        new FakePipelineSource()
            .withFile("acme/shop", SHA, releasing)
            .withTag("acme/shop", "v1", SHA);
    Organisation onlyDc1 =
        new Organisation(
            "acme",
            List.of(),
            new GitHubCredentials.None(),
            List.of("*"),
            List.of("dc1"),
            "acme",
            OrganisationsFile.DEFAULT_WRITE_BUDGET,
            OrganisationsFile.DEFAULT_LIMITS,
            Map.of());
    Organisations organisations = new Organisations(List.of(onlyDc1));
    Planner releasePlanner =
        new Planner(
            new Pipelines(releases, 10),
            new TaskCompiler(Duration.ofMinutes(20)),
            () -> organisations);

    Plan plan = releasePlanner.plan(Webhooks.release("acme/shop", 7, "v1").build(), AT);

    assertThat(PlannerTest.events(plan, PipelineRejected.class))
        .extracting(PipelineRejected::reason)
        .containsExactly("release v1: organisation acme may not release to dc2 (it may to dc1)");
    assertThat(PlannerTest.events(plan, ReleaseRequested.class)).isEmpty();
  }

  private TaskPlanned firstTask(WebhookReceived webhook) {
    return PlannerTest.events(planner.plan(webhook, AT), TaskPlanned.class).get(0);
  }
}
