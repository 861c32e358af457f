package dev.slipway.reporter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.DeployedEvent;
import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.RunState;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.reporter.kafka.FakeGitHubTestResource.InjectFakeGitHub;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.ReleaseEvents;
import dev.slipway.testsupport.github.FakeGitHub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Release events on the real broker in, GitHub deployments and the {@code slipway/release} summary
 * on the fake GitHub out, through the real github-api client.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeGitHubTestResource.class)
class ReleaseDeploymentsIT {

  private static final String REPO = "acme/shop";
  private static final AtomicInteger NUMBERS = new AtomicInteger(40);

  @Inject EventPublisher publisher;

  @InjectFakeGitHub FakeGitHub fake;

  /** One release of the test: its own id, tag, commit and delivery. */
  private record Release(String id, String tag, String sha, int number, String delivery) {
    String buildPage() {
      return "http://runner.local/releases/" + id;
    }

    ReleaseEvents events() {
      return new ReleaseEvents(id, REPO, tag, sha, number);
    }
  }

  @Test
  void aReleaseShowsADeploymentPerDatacenterAndGoesLiveInBoth() throws Exception {
    Release release = newRelease();

    publish(Topics.RELEASE, release, release.events().admitted("dc1"));
    awaitLatest(release, "dc1", "queued");
    publish(
        Topics.BUILD_JOB,
        release,
        new ReleaseBuildStateChanged(
            release.id(),
            REPO,
            release.tag(),
            release.sha(),
            RunState.QUEUED,
            RunState.STARTED,
            null,
            release.buildPage(),
            Instant.now()));
    awaitLatest(release, "dc1", "in_progress");
    assertThat(latest(release, "dc1").description()).isEqualTo("building " + release.tag());
    publish(Topics.IMAGE_PUSHED, release, release.events().pushed("dc1"));
    awaitTrue(() -> latest(release, "dc1").description().equals("rolling out " + release.tag()));
    publish(
        Topics.DEPLOYED,
        release,
        release.events().finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"));
    awaitLatest(release, "dc1", "success");
    FakeGitHub.DeploymentStatus dc1 = latest(release, "dc1");
    assertThat(dc1.environmentUrl()).isEqualTo("http://dc1.shop.local");
    assertThat(dc1.logUrl()).isEqualTo(release.buildPage());

    publish(Topics.RELEASE, release, release.events().admitted("dc2"));
    awaitLatest(release, "dc2", "queued");
    awaitTrue(
        () ->
            summary(release)
                .description()
                .equals(release.tag() + " live in dc1, rolling out to dc2"));
    publish(Topics.IMAGE_PUSHED, release, release.events().pushed("dc2"));
    awaitLatest(release, "dc2", "in_progress");
    publish(
        Topics.DEPLOYED,
        release,
        release.events().finished("dc2", Outcome.ROLLED_OUT, null, "http://dc2.shop.local"));
    awaitLatest(release, "dc2", "success");
    publish(
        Topics.RELEASE,
        release,
        new ReleaseCompleted(release.id(), REPO, release.tag(), release.sha(), release.number()));
    awaitTrue(() -> summary(release).state().equals("success"));

    assertThat(summary(release).description()).isEqualTo(release.tag() + " live in dc1, dc2");
    assertThat(latest(release, "dc2").environmentUrl()).isEqualTo("http://dc2.shop.local");
    List<FakeGitHub.Deployment> deployments = deploymentsOf(release);
    assertThat(deployments)
        .extracting(FakeGitHub.Deployment::environment)
        .containsExactly("dc1", "dc2");
    for (FakeGitHub.Deployment deployment : deployments) {
      assertThat(deployment.ref()).isEqualTo(release.tag());
      assertThat(deployment.requiredContexts()).isEmpty();
      assertThat(deployment.autoMerge()).isFalse();
      assertThat(deployment.payloadObject().path("release_id").asText()).isEqualTo(release.id());
      assertThat(deployment.payloadObject().path("release_number").asInt())
          .isEqualTo(release.number());
    }
    assertThat(fake.deploymentStatuses(deployments.get(0).id()))
        .extracting(FakeGitHub.DeploymentStatus::state)
        .containsExactly("queued", "in_progress", "in_progress", "success");
    RestAssured.given()
        .baseUri(fake.url())
        .queryParam("repo", REPO)
        .queryParam("environment", "dc2")
        .get("/_fake/deployments")
        .then()
        .statusCode(200);

    String metrics = RestAssured.get("/q/metrics").body().asString();
    assertThat(written(metrics, "deployment"))
        .as("one per datacenter at least")
        .isGreaterThanOrEqualTo(2);
    assertThat(written(metrics, "deployment_status")).isGreaterThanOrEqualTo(7);
    assertThat(written(metrics, "commit_status")).isGreaterThanOrEqualTo(1);
    assertThat(metrics)
        .contains("slipway_github_writes_total{kind=\"deployment\",outcome=\"rate_limited\"} 0.0")
        .containsPattern("(?m)^slipway_github_write_budget_remaining\\{organisation=\"\\*\"} \\d+");
  }

  /** The Prometheus count of written requests of one kind. */
  private static double written(String metrics, String kind) {
    Matcher count =
        Pattern.compile(
                "(?m)^slipway_github_writes_total\\{kind=\""
                    + kind
                    + "\",outcome=\"written\"\\} (\\S+)$")
            .matcher(metrics);
    assertThat(count.find()).as("slipway_github_writes_total of " + kind).isTrue();
    return Double.parseDouble(count.group(1));
  }

  @Test
  void aRollbackFailsTheDeploymentWithItsReasonAndARedeliveryWritesNothing() throws Exception {
    Release release = newRelease();
    Envelope<ReleaseEvent> admitted =
        publish(Topics.RELEASE, release, release.events().admitted("dc1"));
    awaitLatest(release, "dc1", "queued");
    publish(Topics.IMAGE_PUSHED, release, release.events().pushed("dc1"));
    awaitLatest(release, "dc1", "in_progress");
    Envelope<DeployedEvent> rolledBack =
        publish(
            Topics.DEPLOYED,
            release,
            release
                .events()
                .finished("dc1", Outcome.ROLLED_BACK, "health /healthz answered 404", null));
    awaitLatest(release, "dc1", "failure");
    awaitTrue(() -> summary(release).state().equals("failure"));

    assertThat(latest(release, "dc1").description())
        .isEqualTo("rolled back: health /healthz answered 404");
    assertThat(summary(release).description())
        .isEqualTo(release.tag() + " rolled back in dc1: health /healthz answered 404");

    int writes = fake.deploymentWrites().size();
    int statuses = fake.statusWrites().size();
    publisher.publish(Topics.RELEASE, admitted);
    publisher.publish(Topics.DEPLOYED, rolledBack);
    Release marker = newRelease();
    publish(Topics.RELEASE, marker, marker.events().admitted("dc1"));
    awaitLatest(marker, "dc1", "queued");
    awaitTrue(() -> summaryOf(marker).isPresent());

    assertThat(fake.deploymentWrites())
        .as("only the marker's deployment and status")
        .hasSize(writes + 2);
    assertThat(fake.statusWrites()).as("only the marker's summary").hasSize(statuses + 1);
  }

  @Test
  void aSupersededReleaseNamesTheNewerByItsTagAndASkippedOneGivesTheCompilersReasonOnce()
      throws Exception {
    Release older = newRelease();
    Release newer = newRelease();
    Release prerelease = newRelease();
    publish(
        Topics.TASK_SPEC,
        newer,
        new ReleaseRequested(
            newer.id(),
            REPO,
            newer.tag(),
            newer.sha(),
            "https://github.com/acme/shop.git",
            Instant.now(),
            new BuildDefinition("Dockerfile", "."),
            new DeployDefinition("shop", 2, 8080, "/healthz"),
            List.of("dc1", "dc2"),
            QueueMode.SUPERSEDE));
    // The compiler's own wording (task-compiler's Planner); on the same partition, after the
    // request.
    String reason =
        "skipped: " + prerelease.tag() + " is a prerelease and release.prereleases is not true";
    publish(
        Topics.TASK_SPEC,
        prerelease,
        new ReleaseSkipped(prerelease.id(), REPO, prerelease.tag(), prerelease.sha(), reason));
    awaitTrue(() -> summaryOf(prerelease).isPresent());

    assertThat(summary(prerelease).state()).isEqualTo("success");
    assertThat(summary(prerelease).description()).isEqualTo(reason);

    publish(
        Topics.RELEASE,
        older,
        new ReleaseSuperseded(older.id(), REPO, older.tag(), older.sha(), newer.id()));
    awaitTrue(() -> summaryOf(older).isPresent());

    assertThat(summary(older).state()).isEqualTo("error");
    assertThat(summary(older).description())
        .isEqualTo(older.tag() + " superseded by " + newer.tag());
    assertThat(deploymentsOf(older)).isEmpty();
  }

  @Test
  void anOperationAskedOnGitHubIsAnsweredOnThatDeploymentAndARefusalSaysWhy() throws Exception {
    Release rollback = newRelease();
    long asked = deploymentByAPerson(rollback.tag(), "dc1");
    publish(
        Topics.RELEASE,
        rollback,
        rollback
            .events()
            .admitted(
                "dc1",
                new ReleaseOrigin(ReleaseOrigin.Operation.ROLLBACK, 3, "alice", asked),
                rollback.events().imageReference()));
    publish(Topics.IMAGE_PUSHED, rollback, rollback.events().pushed("dc1"));
    awaitTrue(() -> fake.deploymentStatuses(asked).size() == 2);

    assertThat(fake.deploymentStatuses(asked))
        .extracting(status -> status.state() + " " + status.description())
        .containsExactly(
            "queued " + rollback.tag() + " queued: rollback to v3 by alice",
            "in_progress rolling out " + rollback.tag());
    assertThat(deploymentsOf(rollback)).as("Slipway created none of its own").isEmpty();

    Release refused = newRelease();
    long askedAgain = deploymentByAPerson("v1", "dc1");
    publish(
        Topics.RELEASE,
        refused,
        new ReleaseOperationRejected(
            refused.id(),
            REPO,
            refused.id(),
            ReleaseOrigin.Operation.ROLLBACK,
            List.of("dc1"),
            "v1 never rolled out anywhere: there is nothing to roll back to",
            askedAgain));
    awaitTrue(() -> fake.deploymentStatuses(askedAgain).size() == 1);

    FakeGitHub.DeploymentStatus answer = fake.deploymentStatuses(askedAgain).get(0);
    assertThat(answer.state()).isEqualTo("failure");
    assertThat(answer.description())
        .isEqualTo("not deployed: v1 never rolled out anywhere: there is nothing to roll back to");
  }

  /** A deployment created on GitHub by a person, as the deployments API answers it. */
  private long deploymentByAPerson(String ref, String environment) {
    return RestAssured.given()
        .baseUri(fake.url())
        .contentType("application/json")
        .body(
            "{\"ref\": \""
                + ref
                + "\", \"environment\": \""
                + environment
                + "\", \"required_contexts\": []}")
        .post("/repos/" + REPO + "/deployments")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private Release newRelease() {
    int number = NUMBERS.incrementAndGet();
    String sha = UUID.randomUUID().toString().replace("-", "") + "00000000";
    return new Release(
        "acme-shop-" + UUID.randomUUID(), "v" + number, sha, number, UUID.randomUUID().toString());
  }

  private <F> Envelope<F> publish(Topic<F> topic, Release release, F event) {
    Envelope<F> envelope =
        Envelope.first("/slipway/test", REPO, release.delivery(), Instant.now(), event);
    publisher.publish(topic, envelope);
    return envelope;
  }

  private List<FakeGitHub.Deployment> deploymentsOf(Release release) {
    return fake.deployments(REPO).stream()
        .filter(d -> release.id().equals(d.payloadObject().path("release_id").asText()))
        .toList();
  }

  private Optional<FakeGitHub.DeploymentStatus> latestOf(Release release, String datacenter) {
    return deploymentsOf(release).stream()
        .filter(d -> d.environment().equals(datacenter))
        .findFirst()
        .flatMap(
            d -> {
              List<FakeGitHub.DeploymentStatus> statuses = fake.deploymentStatuses(d.id());
              return statuses.isEmpty()
                  ? Optional.empty()
                  : Optional.of(statuses.get(statuses.size() - 1));
            });
  }

  private FakeGitHub.DeploymentStatus latest(Release release, String datacenter) {
    return latestOf(release, datacenter).orElseThrow();
  }

  private Optional<FakeGitHub.Status> summaryOf(Release release) {
    return Optional.ofNullable(fake.latest(REPO, release.sha()).get("slipway/release"));
  }

  private FakeGitHub.Status summary(Release release) {
    return summaryOf(release).orElseThrow();
  }

  private void awaitLatest(Release release, String datacenter, String state)
      throws InterruptedException {
    awaitTrue(() -> latestOf(release, datacenter).map(s -> s.state().equals(state)).orElse(false));
  }

  /** A summary or deployment not there yet is a condition not met yet. */
  private static void awaitTrue(BooleanSupplier condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .ignoreException(NoSuchElementException.class)
        .until(condition::getAsBoolean);
  }
}
