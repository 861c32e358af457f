package dev.slipway.reporter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.Envelope;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.RunState;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.reporter.kafka.FakeGitHubTestResource.InjectFakeGitHub;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.TaskRuns;
import dev.slipway.testsupport.Webhooks;
import dev.slipway.testsupport.github.FakeGitHub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pull-request commands on the real broker, answered on the fake GitHub through the reporter's real
 * client: who is a member, the pull request's head and its statuses come from the fake.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeGitHubTestResource.class)
class PullRequestCommandsIT {

  private static final String REPO = "acme/commands";
  private static final String CONFIG = "slipway/config";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger NUMBERS = new AtomicInteger(100);

  @Inject EventPublisher publisher;

  @InjectFakeGitHub FakeGitHub fake;

  @BeforeEach
  void aRepositoryWithSlipwayStatusesAndAMember() {
    fake.member("acme", "alice");
    String earlier = newSha();
    publisher.publish(
        Topics.TASK_SPEC,
        Envelope.first(
            "/slipway/task-compiler",
            REPO,
            UUID.randomUUID().toString(),
            Instant.now(),
            new PipelinePlanned(REPO, earlier, 1, true, List.of("unit"))));
    awaitTrue(() -> fake.latest(REPO, earlier).containsKey(CONFIG));
  }

  @Test
  void aNonMembersForkWaitsUntilAMemberSaysOkToTest() {
    int number = NUMBERS.incrementAndGet();
    String head = newSha();
    fake.pullRequest(
        new FakeGitHub.PullRequest(REPO, number, head, "patch", "mallory/commands", "main"));
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      String delivery = UUID.randomUUID().toString();
      publish(
          Webhooks.pullRequest(REPO, number, head)
              .fromFork("mallory/commands")
              .sender("mallory")
              .delivery(delivery)
              .build());
      awaitTrue(() -> fake.latest(REPO, head).containsKey(CONFIG));
      assertThat(shown(head)).isEqualTo("pending waiting for /ok-to-test from a member");

      WebhookReceived okToTest = comment(number, "/ok-to-test", "alice");
      publish(okToTest);

      List<Envelope<WebhookEvent>> commands =
          probe.await(envelope -> envelope.data() instanceof PullRequestCommand, 1, WAIT);
      PullRequestCommand command = (PullRequestCommand) commands.get(0).data();
      assertThat(command.kind()).isEqualTo(PullRequestCommand.Kind.OK_TO_TEST);
      assertThat(command.commandId()).isEqualTo(String.valueOf(commentId(okToTest)));
      assertThat(command.actor()).isEqualTo("alice");
      assertThat(command.pullRequest())
          .isEqualTo(
              new WebhookDetails.PullRequest(
                  number, head, "patch", "main", "mallory/commands", true, null));
      assertThat(commands.get(0).correlationId()).isEqualTo(okToTest.deliveryId());
      awaitTrue(() -> !fake.reactions(commentId(okToTest)).isEmpty());
      assertThat(fake.reactions(commentId(okToTest)))
          .extracting(FakeGitHub.Reaction::content)
          .containsExactly("+1");
      awaitTrue(() -> shown(head).equals("pending reading .slipway.yml"));
      assertThat(probe.drainToEnd(WAIT))
          .as("nothing published for the non-member's own pull request event")
          .filteredOn(envelope -> envelope.data() instanceof PullRequestCommand)
          .extracting(envelope -> ((PullRequestCommand) envelope.data()).commandId())
          .containsExactly(String.valueOf(commentId(okToTest)));
    }
  }

  @Test
  void aMembersForkRunsAtOnce() {
    int number = NUMBERS.incrementAndGet();
    String head = newSha();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      WebhookReceived opened =
          Webhooks.pullRequest(REPO, number, head)
              .fromFork("alice/commands")
              .sender("alice")
              .build();
      publish(opened);

      Envelope<WebhookEvent> published =
          probe.await(envelope -> envelope.data() instanceof PullRequestCommand, 1, WAIT).get(0);
      PullRequestCommand command = (PullRequestCommand) published.data();
      assertThat(command.kind()).isEqualTo(PullRequestCommand.Kind.OK_TO_TEST);
      assertThat(command.commandId()).isEqualTo(opened.deliveryId());
      assertThat(command.pullRequest()).isEqualTo(opened.details());
      assertThat(published.correlationId()).isEqualTo(opened.deliveryId());
      assertThat(published.key()).isEqualTo(REPO);
      awaitTrue(() -> shown(head).equals("pending reading .slipway.yml"));
    }
  }

  @Test
  void aMembersRetestRerunsExactlyTheTaskThatFailed() {
    int number = NUMBERS.incrementAndGet();
    String head = newSha();
    fake.pullRequest(new FakeGitHub.PullRequest(REPO, number, head, "feature", REPO, "main"));
    publishRun(head, "unit", RunState.FAILED);
    publishRun(head, "lint", RunState.SUCCEEDED);
    awaitTrue(
        () ->
            fake.latest(REPO, head).size() == 2
                && fake.latest(REPO, head).values().stream()
                    .noneMatch(status -> status.state().equals("pending")));
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      WebhookReceived retest = comment(number, "/retest", "alice");
      publish(retest);

      PullRequestCommand command =
          (PullRequestCommand)
              probe.await(e -> e.data() instanceof PullRequestCommand, 1, WAIT).get(0).data();
      assertThat(command.kind()).isEqualTo(PullRequestCommand.Kind.RETEST);
      assertThat(command.failedTasks()).containsExactly("unit");
      assertThat(command.task()).isNull();
      assertThat(command.pullRequest().headSha()).isEqualTo(head);
      awaitTrue(() -> !fake.reactions(commentId(retest)).isEmpty());
      assertThat(fake.reactions(commentId(retest)))
          .extracting(FakeGitHub.Reaction::content)
          .containsExactly("+1");
    }
  }

  @Test
  void aNonMembersCommandIsRefusedAndAnUnknownOneConfuses() {
    int number = NUMBERS.incrementAndGet();
    fake.pullRequest(new FakeGitHub.PullRequest(REPO, number, newSha(), "feature", REPO, "main"));
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      WebhookReceived retest = comment(number, "/retest", "mallory");
      WebhookReceived unknown = comment(number, "/foo bar", "alice");
      publish(retest);
      publish(unknown);

      awaitTrue(() -> !fake.reactions(commentId(unknown)).isEmpty());
      assertThat(fake.reactions(commentId(unknown)))
          .extracting(FakeGitHub.Reaction::content)
          .containsExactly("confused");
      assertThat(fake.reactions(commentId(retest)))
          .extracting(FakeGitHub.Reaction::content)
          .containsExactly("-1");
      assertThat(fake.issueComments(REPO, number))
          .extracting(comment -> comment.body().lines().findFirst().orElseThrow())
          .containsExactly("@mallory only members of acme can use /retest");
      assertThat(probe.drainToEnd(WAIT))
          .filteredOn(envelope -> envelope.data() instanceof PullRequestCommand)
          .isEmpty();
    }
    String metrics = RestAssured.get("/q/metrics").body().asString();
    assertThat(metrics)
        .containsPattern(
            "(?m)^slipway_reporter_commands_total\\{command=\"retest\",outcome=\"refused\"} [1-9]")
        .containsPattern(
            "(?m)^slipway_reporter_commands_total\\{command=\"unknown\",outcome=\"unknown\"} [1-9]")
        .contains("slipway_reporter_commands_total{command=\"cancel\",outcome=\"refused\"} 0.0")
        .containsPattern(
            "(?m)^slipway_github_writes_total\\{kind=\"reaction\",outcome=\"written\"} [1-9]");
  }

  private String shown(String sha) {
    FakeGitHub.Status config = fake.latest(REPO, sha).get(CONFIG);
    return config == null ? "none" : config.state() + " " + config.description();
  }

  private void publish(WebhookReceived webhook) {
    publisher.publish(
        Topics.WEBHOOK,
        Envelope.first(
            "/slipway/webhook-gateway", REPO, webhook.deliveryId(), Instant.now(), webhook));
  }

  private void publishRun(String sha, String task, RunState state) {
    Instant now = Instant.now();
    publisher.publish(
        Topics.BUILD_JOB,
        Envelope.first(
            "/slipway/build-runner",
            REPO,
            UUID.randomUUID().toString(),
            now,
            TaskRuns.taskRun()
                .repository(REPO)
                .sha(sha)
                .task(task)
                .pullRequestNumber(1)
                .from(RunState.STARTED, state)
                .exitCode(state == RunState.FAILED ? 1 : 0)
                .startedAt(now.minusSeconds(5))
                .occurredAt(now)
                .build()));
  }

  private static WebhookReceived comment(int number, String body, String sender) {
    return Webhooks.comment(REPO, number, body)
        .sender(sender)
        .cloneUrl("https://github.com/" + REPO + ".git")
        .build();
  }

  private static long commentId(WebhookReceived comment) {
    return ((WebhookDetails.Comment) comment.details()).commentId();
  }

  private static String newSha() {
    return UUID.randomUUID().toString().replace("-", "")
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  private static void awaitTrue(BooleanSupplier condition) {
    Awaitility.await().atMost(WAIT).until(condition::getAsBoolean);
  }
}
