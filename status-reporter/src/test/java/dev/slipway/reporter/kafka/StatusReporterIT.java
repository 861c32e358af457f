package dev.slipway.reporter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.Envelope;
import dev.slipway.events.NormalizedError;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.reporter.kafka.FakeGitHubTestResource.InjectFakeGitHub;
import dev.slipway.testsupport.DeadLettered;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.TaskRuns;
import dev.slipway.testsupport.Webhooks;
import dev.slipway.testsupport.github.FakeGitHub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Events on the real broker in, statuses on the fake GitHub out, through the real github-api
 * client.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeGitHubTestResource.class)
class StatusReporterIT {

  private static final String REPO = "acme/shop";
  private static final String SOURCE = "/slipway/build-runner";
  private static final FakeGitHub.Status NONE =
      new FakeGitHub.Status(0, REPO, "", "none", "", null, "", Instant.EPOCH);

  @Inject EventPublisher publisher;

  @InjectFakeGitHub FakeGitHub fake;

  @Test
  void withoutAnOrganisationsFileOneOrganisationServesEveryOwnerAndShowsNoSecret() {
    String body =
        RestAssured.get("/organisations").then().statusCode(200).extract().body().asString();
    JsonPath organisations = JsonPath.from(body);

    assertThat(organisations.getList("name")).containsExactly("*");
    assertThat(organisations.getList("[0].repositories")).containsExactly("*");
    assertThat(organisations.getString("[0].credentials")).isEqualTo("token");
    assertThat(organisations.getString("[0].status")).isIn("ok", "not checked yet");
    assertThat(organisations.getInt("[0].budgetLeft")).isPositive();
    assertThat(body).as("the token stays in the reporter").doesNotContain("ghp_test");
  }

  @Test
  void aPullRequestsRunsShowAsCommitStatuses() throws Exception {
    String sha = newSha();
    Instant start = Instant.now().minusSeconds(72);
    String delivery = UUID.randomUUID().toString();

    Instant published = Instant.now();
    publish(delivery, run(sha, "pass", RunState.QUEUED, start, start, List.of()));
    awaitTrue(() -> fake.latest(REPO, sha).size() == 1);
    report("first", published);
    published = Instant.now();
    publish(delivery, run(sha, "fail", RunState.QUEUED, start, start, List.of()));
    awaitTrue(() -> fake.latest(REPO, sha).size() == 2);
    report("second", published);
    publish(delivery, run(sha, "pass", RunState.STARTED, start, start, List.of()));
    publish(
        delivery, run(sha, "pass", RunState.SUCCEEDED, start, start.plusSeconds(72), List.of()));
    publish(
        delivery,
        run(
            sha,
            "fail",
            RunState.FAILED,
            start,
            start.plusSeconds(5),
            List.of(
                new NormalizedError(
                    "ruff", "app/cart.py", 3, 8, "F401 'os' imported but unused"))));

    awaitTrue(
        () -> fake.latest(REPO, sha).values().stream().noneMatch(s -> s.state().equals("pending")));
    Map<String, FakeGitHub.Status> shown = fake.latest(REPO, sha);
    assertThat(shown.get("slipway/pass").state()).isEqualTo("success");
    assertThat(shown.get("slipway/pass").description()).isEqualTo("passed in 1m12s");
    assertThat(shown.get("slipway/pass").targetUrl())
        .isEqualTo("http://runner.local/runs/" + sha + "-pass");
    assertThat(shown.get("slipway/fail").state()).isEqualTo("failure");
    assertThat(shown.get("slipway/fail").description())
        .isEqualTo("app/cart.py:3:8: F401 'os' imported but unused");
    RestAssured.given()
        .baseUri(fake.url())
        .queryParam("repo", REPO)
        .queryParam("sha", sha)
        .get("/_fake/statuses")
        .then()
        .statusCode(200);
  }

  @Test
  void lateAndRedeliveredEventsWriteNothing() throws Exception {
    String sha = newSha();
    Instant start = Instant.now().minusSeconds(10);
    String delivery = UUID.randomUUID().toString();
    publish(delivery, run(sha, "unit", RunState.SUCCEEDED, start, start.plusSeconds(9), List.of()));
    awaitTrue(() -> fake.statuses(REPO, sha).size() == 1);

    publish(delivery, run(sha, "unit", RunState.STARTED, start, start.plusSeconds(1), List.of()));
    publish(delivery, run(sha, "unit", RunState.SUCCEEDED, start, start.plusSeconds(9), List.of()));
    String marker = newSha();
    publish(delivery, run(marker, "unit", RunState.QUEUED, start, start, List.of()));
    awaitTrue(() -> fake.statuses(REPO, marker).size() == 1);

    assertThat(fake.statuses(REPO, sha))
        .extracting(FakeGitHub.Status::state)
        .containsExactly("success");
  }

  @Test
  void aRejectedPipelineFailsTheConfigStatus() throws Exception {
    String sha = newSha();
    publishTaskSpec(new PipelineRejected(REPO, sha, 7, "tasks.unit: 'image' is required", 4));

    awaitTrue(() -> fake.latest(REPO, sha).containsKey("slipway/config"));
    FakeGitHub.Status config = fake.latest(REPO, sha).get("slipway/config");
    assertThat(config.state()).isEqualTo("failure");
    assertThat(config.description())
        .isEqualTo(".slipway.yml (line 4): tasks.unit: 'image' is required");
  }

  @Test
  void aPullRequestShowsTheConfigPendingFromItsWebhookAndThePlanFinishesIt() throws Exception {
    String sha = newSha();

    openPullRequestOnAKnownRepository(sha);
    publishTaskSpec(new PipelinePlanned(REPO, sha, 7, true, List.of("unit", "lint")));
    awaitTrue(() -> fake.statuses(REPO, sha).size() == 2);

    assertThat(fake.statuses(REPO, sha))
        .extracting(status -> status.context() + " " + status.state() + " " + status.description())
        .containsExactly(
            "slipway/config pending reading .slipway.yml",
            "slipway/config success 2 tasks planned: unit, lint");
  }

  @Test
  void aWebhookTheCompilerDeadLetteredEndsTheConfigPendingAsAnError() throws Exception {
    String sha = newSha();
    Envelope<WebhookEvent> webhook = openPullRequestOnAKnownRepository(sha);

    DeadLetter letter =
        DeadLettered.letterOf(
            Topics.WEBHOOK, webhook, "handler failed: java.lang.IllegalStateException: bug");
    publisher.publish(
        Topics.DEAD_LETTER,
        Envelope.first(
            "/slipway/task-compiler", REPO, webhook.correlationId(), Instant.now(), letter));

    awaitTrue(() -> "error".equals(fake.latest(REPO, sha).get("slipway/config").state()));
    assertThat(fake.latest(REPO, sha).get("slipway/config").description())
        .startsWith("Slipway could not plan this commit")
        .doesNotContain("IllegalStateException");
  }

  /**
   * Publishes a pull request's webhook on a repository with Slipway statuses, and waits for its
   * config pending.
   */
  private Envelope<WebhookEvent> openPullRequestOnAKnownRepository(String sha)
      throws InterruptedException {
    String earlier = newSha();
    publishTaskSpec(new PipelinePlanned(REPO, earlier, 6, true, List.of("unit")));
    awaitTrue(() -> fake.latest(REPO, earlier).containsKey("slipway/config"));
    String delivery = UUID.randomUUID().toString();
    Envelope<WebhookEvent> webhook =
        Envelope.first(
            "/slipway/webhook-gateway",
            REPO,
            delivery,
            Instant.now(),
            Webhooks.pullRequest(REPO, 7, sha).delivery(delivery).sender("octocat").build());
    publisher.publish(Topics.WEBHOOK, webhook);
    awaitTrue(
        () ->
            "pending".equals(fake.latest(REPO, sha).getOrDefault("slipway/config", NONE).state()));
    return webhook;
  }

  private void publishTaskSpec(TaskSpecEvent event) {
    publisher.publish(
        Topics.TASK_SPEC,
        Envelope.first(
            "/slipway/task-compiler", REPO, UUID.randomUUID().toString(), Instant.now(), event));
  }

  private void report(String which, Instant published) {
    List<FakeGitHub.Request> writes = fake.statusWrites();
    System.out.printf(
        "%s event published -> pending status on the fake GitHub: %d ms%n",
        which, Duration.between(published, writes.get(writes.size() - 1).time()).toMillis());
  }

  private void publish(String delivery, TaskRunStateChanged run) {
    publisher.publish(Topics.BUILD_JOB, Envelope.first(SOURCE, REPO, delivery, Instant.now(), run));
  }

  /**
   * A run of {@code task} that started at {@code startedAt} and reached {@code state} at {@code
   * occurredAt}.
   */
  private static TaskRunStateChanged run(
      String sha,
      String task,
      RunState state,
      Instant startedAt,
      Instant occurredAt,
      List<NormalizedError> errors) {
    return TaskRuns.taskRun()
        .repository(REPO)
        .sha(sha)
        .task(task)
        .to(state)
        .exitCode(state.isTerminal() ? 1 : null)
        .errors(errors)
        .startedAt(startedAt)
        .occurredAt(occurredAt)
        .build();
  }

  private static String newSha() {
    return UUID.randomUUID().toString().replace("-", "") + "00000000";
  }

  private static void awaitTrue(BooleanSupplier condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }
}
