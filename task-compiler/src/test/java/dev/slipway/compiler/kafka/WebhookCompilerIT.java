package dev.slipway.compiler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.compiler.domain.HostileFiles;
import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.git.LocalRepositories;
import dev.slipway.events.Envelope;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The service on a real broker, reading real (local, bare) git repositories. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = LocalGitResource.class, restrictToAnnotatedClass = true)
class WebhookCompilerIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PIPELINE =
      """
      image: alpine:3.20
      tasks:
        lint:
          cmds: [make lint]
        test:
          cmds: [make test]
      release:
        datacenters: [dc1, dc2]
        mode: queue
      deploy:
        service: shop
        port: 8080
      """;

  @Inject EventPublisher publisher;
  @Inject Admin admin;
  @Inject MeterRegistry meters;

  private final LocalRepositories repositories =
      new LocalRepositories(Path.of(System.getProperty(LocalGitResource.ROOT_PROPERTY)));

  @Test
  void aPullRequestPlansOneRunPerTaskAndARedeliveryPlansNoNewRun() throws Exception {
    String repo = "org/pr-" + UUID.randomUUID().toString().substring(0, 8);
    String sha = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));
    Envelope<WebhookEvent> opened = Webhooks.published(pullRequest(repo, "opened", sha, 5));
    double plannedBefore = plans("planned");
    long fetchesBefore = meters.get("slipway.compiler.fetch").timer().count();

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, opened);
      List<Envelope<TaskSpecEvent>> planned = probe.await(of(repo, TaskPlanned.class), 2, WAIT);
      // Counted once the plan's events are acknowledged, just after the probe may have seen them.
      await().atMost(WAIT).until(() -> plans("planned") > plannedBefore);
      assertThat(meters.get("slipway.compiler.fetch").timer().count())
          .as("the new repository's commit was fetched")
          .isGreaterThan(fetchesBefore);

      assertThat(planned)
          .extracting(e -> ((TaskPlanned) e.data()).task())
          .containsExactly("lint", "test");
      TaskPlanned lint = (TaskPlanned) planned.get(0).data();
      assertThat(lint.runId()).isEqualTo(Planner.runId(repo, sha, "lint", "pull_request"));
      assertThat(lint.sha()).isEqualTo(sha);
      assertThat(lint.pullRequestNumber()).isEqualTo(5);
      assertThat(lint.cloneUrl()).startsWith("file://").endsWith("/" + repo + ".git");
      assertThat(planned)
          .allSatisfy(
              e -> {
                assertThat(e.correlationId()).isEqualTo(opened.correlationId());
                assertThat(e.causationId()).isEqualTo(opened.id());
                assertThat(e.source()).isEqualTo("/slipway/task-compiler");
              });

      publisher.publish(Topics.WEBHOOK, opened);
      List<Envelope<TaskSpecEvent>> afterRedelivery =
          probe.await(of(repo, TaskPlanned.class), 4, WAIT);

      assertThat(afterRedelivery)
          .extracting(e -> ((TaskPlanned) e.data()).runId())
          .containsOnly(
              Planner.runId(repo, sha, "lint", "pull_request"),
              Planner.runId(repo, sha, "test", "pull_request"));
      assertThat(afterRedelivery)
          .extracting(Envelope::id)
          .containsOnlyElementsOf(planned.stream().map(Envelope::id).toList());
    }
  }

  @Test
  void aSynchronizeCancelsTheOlderHeadBeforePlanningTheNewOne() throws Exception {
    String repo = "org/sync-" + UUID.randomUUID().toString().substring(0, 8);
    String sha = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(
          Topics.WEBHOOK, Webhooks.published(pullRequest(repo, "synchronize", sha, 6)));
      List<Envelope<TaskSpecEvent>> events = probe.await(of(repo, TaskSpecEvent.class), 4, WAIT);

      assertThat(events.get(0).data())
          .isEqualTo(new RunsCancelled(repo, 6, sha, RunsCancelled.SUPERSEDED));
      assertThat(events.subList(1, 3))
          .allSatisfy(e -> assertThat(e.data()).isInstanceOf(TaskPlanned.class));
      assertThat(events.get(3).data())
          .isEqualTo(new PipelinePlanned(repo, sha, 6, true, List.of("lint", "test")));
    }
  }

  @Test
  void aPublishedReleaseIsRequestedAtItsTaggedCommit() throws Exception {
    String repo = "org/release-" + UUID.randomUUID().toString().substring(0, 8);
    String tagged = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));
    repositories.commit(repo, Map.of(".slipway.yml", "broken: [\n"));
    repositories.tag(repo, "v1.2.0", tagged, true);
    WebhookReceived release =
        Webhooks.release(repo, 9001L, "v1.2.0")
            .published(Instant.parse("2026-03-04T05:06:07Z"), false, false)
            .build();

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, Webhooks.published(release));
      ReleaseRequested requested =
          (ReleaseRequested) probe.await(of(repo, ReleaseRequested.class), 1, WAIT).get(0).data();

      assertThat(requested.releaseId()).isEqualTo(Planner.releaseId(repo, 9001L));
      assertThat(requested.sha()).isEqualTo(tagged);
      assertThat(requested.tag()).isEqualTo("v1.2.0");
      assertThat(requested.publishedAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
      assertThat(requested.datacenters()).containsExactly("dc1", "dc2");
      assertThat(requested.mode()).isEqualTo(ReleaseRequested.QueueMode.QUEUE);
      assertThat(requested.deploy().service()).isEqualTo("shop");
    }
  }

  @Test
  void aPrereleaseIsSkippedWithTheReasonTheUserWillSee() throws Exception {
    String repo = "org/prerelease-" + UUID.randomUUID().toString().substring(0, 8);
    String tagged = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));
    repositories.tag(repo, "v2.0.0-rc.1", tagged, true);
    Envelope<WebhookEvent> published =
        Webhooks.published(
            Webhooks.release(repo, 9002L, "v2.0.0-rc.1")
                .published(Instant.parse("2026-03-04T05:06:07Z"), true, false)
                .build());

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, published);
      Envelope<TaskSpecEvent> skipped = probe.await(of(repo, TaskSpecEvent.class), 1, WAIT).get(0);

      String releaseId = Planner.releaseId(repo, 9002L);
      assertThat(skipped.data())
          .isEqualTo(
              new ReleaseSkipped(
                  releaseId,
                  repo,
                  "v2.0.0-rc.1",
                  tagged,
                  "skipped: v2.0.0-rc.1 is a prerelease and release.prereleases is not true"));
      assertThat(skipped.id()).isEqualTo(releaseId + "-skipped");
      assertThat(skipped.correlationId()).isEqualTo(published.correlationId());
      assertThat(skipped.causationId()).isEqualTo(published.id());
    }
  }

  @Test
  void aDeploymentAPersonCreatedRequestsARedeployAndSlipwaysOwnRequestsNothing() {
    // No repository behind it: a deployment is planned without git.
    String repo = "org/deployment-" + UUID.randomUUID().toString().substring(0, 8);
    String sha = "c".repeat(40);
    Envelope<WebhookEvent> slipways =
        Webhooks.published(
            Webhooks.deployment(repo, 5001L, "v1.2.0", sha, "dc1").bySlipway().build());
    Envelope<WebhookEvent> persons =
        Webhooks.published(Webhooks.deployment(repo, 5002L, "v1.2.0", sha, "dc2").build());

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, slipways);
      publisher.publish(Topics.WEBHOOK, persons);
      Envelope<TaskSpecEvent> requested =
          probe.await(of(repo, ReleaseOperationRequested.class), 1, WAIT).get(0);

      assertThat(requested.data())
          .isEqualTo(
              new ReleaseOperationRequested(
                  "gh-deployment-5002",
                  repo,
                  ReleaseOrigin.Operation.REDEPLOY,
                  null,
                  "v1.2.0",
                  List.of("dc2"),
                  "alice",
                  persons.time(),
                  5002L));
      assertThat(requested.id()).isEqualTo("op-gh-deployment-5002-requested");
      assertThat(requested.correlationId()).isEqualTo(persons.correlationId());
      assertThat(requested.causationId()).isEqualTo(persons.id());
      assertThat(probe.drainToEnd(WAIT))
          .as("nothing for the deployment Slipway created, published before")
          .filteredOn(of(repo, TaskSpecEvent.class))
          .extracting(Envelope::id)
          .containsExactly("op-gh-deployment-5002-requested");
    }
  }

  @Test
  void aReleaseToADatacenterThePlatformDoesNotKnowIsRejectedNamingTheKnownOnes() throws Exception {
    String repo = "org/unknown-dc-" + UUID.randomUUID().toString().substring(0, 8);
    String tagged =
        repositories.commit(
            repo, Map.of(".slipway.yml", PIPELINE.replace("[dc1, dc2]", "[dc1, dc3]")));
    repositories.tag(repo, "v1.0.0", tagged, true);

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(
          Topics.WEBHOOK, Webhooks.published(Webhooks.release(repo, 9003L, "v1.0.0").build()));
      PipelineRejected rejected = rejection(probe, repo);

      assertThat(rejected)
          .isEqualTo(
              new PipelineRejected(
                  repo,
                  tagged,
                  null,
                  "datacenter 'dc3' is not one this platform deploys to (did you mean `dc1`?); known datacenters: dc1, dc2",
                  8));
    }
  }

  @Test
  void aBrokenFileIsRejectedAndTheNextEventIsStillCompiled() throws Exception {
    String repo = "org/broken-" + UUID.randomUUID().toString().substring(0, 8);
    String broken =
        repositories.commit(
            repo, Map.of(".slipway.yml", "image: alpine\ntasks:\n  lint:\n    pre: [make]\n"));
    String fixed = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, Webhooks.published(pullRequest(repo, "opened", broken, 7)));
      publisher.publish(
          Topics.WEBHOOK, Webhooks.published(pullRequest(repo, "reopened", fixed, 7)));

      PipelineRejected rejected = rejection(probe, repo);
      assertThat(rejected)
          .isEqualTo(
              new PipelineRejected(
                  repo,
                  broken,
                  7,
                  "tasks.lint has no `cmds`: every task needs at least one command",
                  3));
      assertThat(probe.await(of(repo, TaskPlanned.class), 2, WAIT))
          .allSatisfy(e -> assertThat(((TaskPlanned) e.data()).sha()).isEqualTo(fixed));
    }
  }

  @Test
  void aScalarAliasBombIsRejectedAndAnotherRepositorysPullRequestIsPlannedAfterIt()
      throws Exception {
    String bombed = "org/bomb-" + UUID.randomUUID().toString().substring(0, 8);
    String other = "org/after-bomb-" + UUID.randomUUID().toString().substring(0, 8);
    String bomb =
        repositories.commit(bombed, Map.of(".slipway.yml", HostileFiles.scalarAliasBomb()));
    String valid = repositories.commit(other, Map.of(".slipway.yml", PIPELINE));

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(
          Topics.WEBHOOK, Webhooks.published(pullRequest(bombed, "opened", bomb, 11)));
      publisher.publish(
          Topics.WEBHOOK, Webhooks.published(pullRequest(other, "opened", valid, 12)));

      PipelineRejected rejected = rejection(probe, bombed);
      assertThat(rejected.sha()).isEqualTo(bomb);
      assertThat(rejected.reason())
          .startsWith(
              "tasks.build.cmds[0] takes the task's entrypoint script past its limit of 262144 bytes");
      assertThat(rejected.line()).isEqualTo(HostileFiles.BOMB_ANCHOR_LINE);
      assertThat(probe.await(of(other, TaskPlanned.class), 2, WAIT))
          .extracting(e -> ((TaskPlanned) e.data()).task())
          .containsExactly("lint", "test");
    }
  }

  @Test
  void aTaskWhoseEventWouldExceedTheLimitIsRejectedNamingTheLimit() throws Exception {
    String repo = "org/large-event-" + UUID.randomUUID().toString().substring(0, 8);
    // Within every limit of the file, but JSON writes each control character as six bytes.
    String command = "\\x01".repeat(100_000);
    String sha =
        repositories.commit(
            repo,
            Map.of(
                ".slipway.yml",
                "image: alpine\ntasks:\n  big:\n    cmds: [\"" + command + "\"]\n"));

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, Webhooks.published(pullRequest(repo, "opened", sha, 13)));

      PipelineRejected rejected = rejection(probe, repo);
      assertThat(rejected.reason())
          .matches(
              "task big is \\d+ bytes as an event, above the limit of 1000000 bytes per event on slipway\\.task-spec .*");
      // A TaskPlanned would have come first, on the same partition: it would have been read by now.
      assertThat(probe.drainToEnd(WAIT)).noneMatch(of(repo, TaskPlanned.class));
    }
  }

  @Test
  void aTaskWhoseEventTheTopicRefusesIsRejectedInsteadOfRetried() throws Exception {
    String repo = "org/refused-event-" + UUID.randomUUID().toString().substring(0, 8);
    String next = "org/after-refused-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] noise = new byte[90_000];
    new Random(7).nextBytes(noise);
    // Random text stays large after compression; the topic's limit is lowered below it for this
    // test.
    String command = "echo " + Base64.getEncoder().encodeToString(noise);
    String sha =
        repositories.commit(
            repo,
            Map.of(
                ".slipway.yml", "image: alpine\ntasks:\n  noisy:\n    cmds: [" + command + "]\n"));
    String valid = repositories.commit(next, Map.of(".slipway.yml", PIPELINE));

    setTaskSpecLimit("50000");
    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, Webhooks.published(pullRequest(repo, "opened", sha, 14)));
      publisher.publish(Topics.WEBHOOK, Webhooks.published(pullRequest(next, "opened", valid, 15)));

      PipelineRejected rejected = rejection(probe, repo);
      assertThat(rejected.reason())
          .isEqualTo(
              "task noisy is larger than an event on slipway.task-spec may be (the topic's max.message.bytes)");
      assertThat(probe.await(of(next, TaskPlanned.class), 2, WAIT)).hasSize(2);
    } finally {
      setTaskSpecLimit(null);
    }
  }

  /**
   * @param maxMessageBytes null: back to the broker's default
   */
  private void setTaskSpecLimit(String maxMessageBytes) throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TASK_SPEC.name());
    AlterConfigOp op =
        maxMessageBytes == null
            ? new AlterConfigOp(
                new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)
            : new AlterConfigOp(
                new ConfigEntry("max.message.bytes", maxMessageBytes), AlterConfigOp.OpType.SET);
    admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anUnreachableRepositoryIsRejectedAfterItsRetries() {
    String repo = "org/missing-" + UUID.randomUUID().toString().substring(0, 8);
    String sha = "a".repeat(40);

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, Webhooks.published(pullRequest(repo, "opened", sha, 8)));

      PipelineRejected rejected = rejection(probe, repo);
      assertThat(rejected.reason())
          .startsWith("could not read the repository: git fetch failed for " + repo);
      assertThat(rejected.sha()).isEqualTo(sha);
    }
  }

  private double plans(String outcome) {
    return meters.get("slipway.compiler.plans").tag("outcome", outcome).counter().count();
  }

  /** The one rejection of {@code repo}'s pipeline. */
  private static PipelineRejected rejection(EventProbe<TaskSpecEvent> probe, String repo) {
    return (PipelineRejected) probe.await(of(repo, PipelineRejected.class), 1, WAIT).get(0).data();
  }

  private static Predicate<Envelope<TaskSpecEvent>> of(
      String repo, Class<? extends TaskSpecEvent> type) {
    return envelope -> envelope.subject().equals(repo) && type.isInstance(envelope.data());
  }

  private static WebhookReceived pullRequest(String repo, String action, String sha, int number) {
    return Webhooks.pullRequest(repo, number, sha)
        .action(action)
        .branches("feature/x", "main")
        .build();
  }
}
