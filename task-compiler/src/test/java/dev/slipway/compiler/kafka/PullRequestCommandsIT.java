package dev.slipway.compiler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.git.LocalRepositories;
import dev.slipway.events.Envelope;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookDetails;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The service on a real broker, reading private repositories from a git server that wants the
 * owner's token, with the token from the credentials folder and the organisations from their file:
 * pull requests, a fork that waits for the status-reporter's approval, {@code /retest}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PrivateGitResource.class, restrictToAnnotatedClass = true)
class PullRequestCommandsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PIPELINE =
      """
      image: alpine:3.20
      tasks:
        unit:
          cmds: [./gradlew test]
        e2e:
          cmds: [./gradlew e2e]
          timeout: 2h
      """;

  @Inject EventPublisher publisher;
  @Inject MeterRegistry meters;

  private final LocalRepositories repositories =
      new LocalRepositories(Path.of(System.getProperty(LocalGitResource.ROOT_PROPERTY)));

  @Test
  void aPrivateRepositorysPullRequestIsPlannedFromItsFileWithinTheOrganisationsLimits()
      throws Exception {
    String repo = unique("acme/private");
    String sha = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, envelope(repo, pullRequest(repo, sha, 3).build()));

      List<TaskPlanned> planned = tasks(probe.await(of(repo, TaskPlanned.class), 2, WAIT));
      assertThat(planned)
          .extracting(TaskPlanned::task, TaskPlanned::sha, TaskPlanned::timeoutSeconds)
          .containsExactly(tuple("unit", sha, 20 * 60L), tuple("e2e", sha, 30 * 60L));
      assertThat(planned.get(0).cloneUrl()).startsWith("http://").doesNotContain("ghs_");
    }
  }

  @Test
  void aRefusedTokenRejectsThePlanWithAReasonThatDoesNotShowIt() throws Exception {
    String repo = unique("locked/private");
    String sha = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, envelope(repo, pullRequest(repo, sha, 4).build()));

      PipelineRejected rejected =
          (PipelineRejected) probe.await(of(repo, PipelineRejected.class), 1, WAIT).get(0).data();
      assertThat(rejected.reason())
          .startsWith(
              "could not read the repository: git fetch failed for "
                  + repo
                  + " (with the git token of locked from the credentials folder): ")
          .contains("not authorized")
          .doesNotContain("ghs_");
    }
  }

  @Test
  void aForksPullRequestIsPlannedOnlyOnceTheReporterApprovesIt() throws Exception {
    String repo = unique("acme/forked");
    String sha = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));
    WebhookReceived opened = pullRequest(repo, sha, 5).fromFork("eve/forked").build();
    Envelope<WebhookEvent> approval =
        envelope(repo, command(opened, PullRequestCommand.Kind.OK_TO_TEST, opened.deliveryId()));

    double ignoredBefore = plans("ignored");

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, envelope(repo, opened));
      await().atMost(WAIT).until(() -> plans("ignored") > ignoredBefore);
      assertThat(probe.drainToEnd(WAIT)).as("waiting").noneMatch(of(repo, TaskSpecEvent.class));

      publisher.publish(Topics.WEBHOOK, approval);
      probe.await(of(repo, TaskPlanned.class), 2, WAIT);

      List<Envelope<TaskSpecEvent>> planned =
          probe.drainToEnd(WAIT).stream().filter(of(repo, TaskPlanned.class)).toList();
      assertThat(planned).allSatisfy(e -> assertThat(e.causationId()).isEqualTo(approval.id()));
      assertThat(tasks(planned))
          .extracting(TaskPlanned::runId)
          .containsExactly(
              Planner.runId(repo, sha, "unit", Planner.PULL_REQUEST),
              Planner.runId(repo, sha, "e2e", Planner.PULL_REQUEST));
      assertThat(tasks(planned)).allSatisfy(task -> assertThat(task.fork()).isTrue());
    }
  }

  @Test
  void aRetestPlansOnlyTheFailedTaskUnderRerunIds() throws Exception {
    String repo = unique("acme/retest");
    String sha = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));
    WebhookReceived opened = pullRequest(repo, sha, 6).build();
    String commentId = Long.toString(System.nanoTime());

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, envelope(repo, opened));
      probe.await(of(repo, TaskPlanned.class), 2, WAIT);
      publisher.publish(
          Topics.WEBHOOK,
          envelope(repo, command(opened, PullRequestCommand.Kind.RETEST, commentId, "e2e")));

      probe.await(of(repo, TaskPlanned.class), 3, WAIT);

      List<TaskPlanned> planned =
          tasks(probe.drainToEnd(WAIT).stream().filter(of(repo, TaskPlanned.class)).toList());
      assertThat(planned).as("the pull request's two runs, then the one rerun").hasSize(3);
      assertThat(planned.get(2).task()).isEqualTo("e2e");
      assertThat(planned.get(2).runId())
          .isEqualTo(
              Planner.rerunId(Planner.runId(repo, sha, "e2e", Planner.PULL_REQUEST), commentId));
    }
  }

  @Test
  void aRepositoryNoOrganisationServesIsNeitherReadNorPlanned() throws Exception {
    String repo = unique("stranger/app");
    String sha = repositories.commit(repo, Map.of(".slipway.yml", PIPELINE));
    double notServedBefore = plans("not_served");

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      publisher.publish(Topics.WEBHOOK, envelope(repo, pullRequest(repo, sha, 7).build()));

      await().atMost(WAIT).until(() -> plans("not_served") > notServedBefore);
      assertThat(probe.drainToEnd(WAIT)).noneMatch(of(repo, TaskSpecEvent.class));
    }
  }

  private double plans(String outcome) {
    return meters.get("slipway.compiler.plans").tag("outcome", outcome).counter().count();
  }

  private static String unique(String repository) {
    return repository + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Webhooks.Builder pullRequest(String repo, String sha, int number) {
    return Webhooks.pullRequest(repo, number, sha).branches("feature/x", "main");
  }

  private static PullRequestCommand command(
      WebhookReceived pullRequest,
      PullRequestCommand.Kind kind,
      String commandId,
      String... failedTasks) {
    return new PullRequestCommand(
        commandId,
        kind,
        null,
        "bob",
        pullRequest.repository(),
        null,
        (WebhookDetails.PullRequest) pullRequest.details(),
        List.of(failedTasks));
  }

  private static Envelope<WebhookEvent> envelope(String repo, WebhookEvent event) {
    return Envelope.first(
        "/slipway/webhook-gateway", repo, UUID.randomUUID().toString(), Instant.now(), event);
  }

  private static List<TaskPlanned> tasks(List<Envelope<TaskSpecEvent>> envelopes) {
    return envelopes.stream().map(e -> (TaskPlanned) e.data()).toList();
  }

  private static Predicate<Envelope<TaskSpecEvent>> of(
      String repo, Class<? extends TaskSpecEvent> type) {
    return envelope -> envelope.subject().equals(repo) && type.isInstance(envelope.data());
  }
}
