package dev.slipway.runner.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ImagePushedEvent;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.RunState;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.runner.podman.TestRepository;
import dev.slipway.runner.registry.RegistryApi;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.registry.LocalRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The runner on the real broker builds an admitted release's image with real buildah and pushes it
 * to a real registry: admissions in on {@code slipway.release}, build states and images out.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(RunnerTestResource.class)
class ReleaseBuildIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final String SUCCEEDED_BUILDS =
      "slipway_release_build_duration_seconds_count{outcome=\"succeeded\"}";

  @Inject EventPublisher publisher;

  @Test
  void theImageIsBuiltOnceAndAnnouncedToEachDatacenterWithItsDigest() throws Exception {
    TestRepository repository =
        TestRepository.create(TestRepository.application("RUN echo built > /www/built.txt"));
    String releaseId = "release-" + UUID.randomUUID();
    double builtBefore = Scrape.valueOrZero(SUCCEEDED_BUILDS);
    try (EventProbe<BuildJobEvent> builds = EventProbe.fromNow(Topics.BUILD_JOB);
        EventProbe<ImagePushedEvent> images = EventProbe.fromNow(Topics.IMAGE_PUSHED)) {
      Envelope<ReleaseEvent> first = admit(admitted(releaseId, repository, "v1.0.0", "dc1"));

      List<ReleaseBuildStateChanged> states = states(builds, releaseId, 3);
      assertThat(states)
          .extracting(ReleaseBuildStateChanged::to)
          .containsExactly(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
      assertThat(states.get(2).logUrl()).endsWith("/builds/" + releaseId);
      ImagePushed dc1 = pushed(images, releaseId, 1).get(0);
      assertThat(dc1.datacenter()).isEqualTo("dc1");
      assertThat(dc1.image()).isEqualTo(LocalRegistry.address() + "/org/shop");
      assertThat(RegistryApi.digest(LocalRegistry.address(), "org/shop", "v1.0.0"))
          .isEqualTo(dc1.digest());
      given()
          .get("/builds/" + releaseId)
          .then()
          .statusCode(200)
          .body(
              containsString("SUCCEEDED"),
              containsString("STEP 1/4: FROM"),
              containsString(dc1.digest()));

      admit(admitted(releaseId, repository, "v1.0.0", "dc2"));
      ImagePushed dc2 = pushed(images, releaseId, 2).get(1);
      assertThat(dc2.datacenter()).isEqualTo("dc2");
      assertThat(dc2.digest()).isEqualTo(dc1.digest());

      publisher.publish(Topics.RELEASE, first);
      assertThat(builds.drain(QUIET).stream().filter(event -> isBuild(event, releaseId)))
          .as("no second build")
          .hasSize(3);
      assertThat(images.drain(QUIET).stream().filter(event -> isImage(event, releaseId)))
          .hasSize(2);
      String log =
          given().get("/builds/" + releaseId + "/log").then().statusCode(200).extract().asString();
      assertThat(log.split("--- build ", -1)).as("built once").hasSize(2);
    }
    assertThat(Scrape.valueOrZero(SUCCEEDED_BUILDS)).as("timed once").isEqualTo(builtBefore + 1);
    assertThat(Scrape.text())
        .contains("slipway_release_build_duration_seconds_bucket{outcome=\"succeeded\",le=\"");
  }

  @Test
  void aFailingRunFailsTheBuildAtItsDockerfileLine() throws Exception {
    TestRepository repository =
        TestRepository.create(
            TestRepository.application("RUN echo checking && \\\n    test -f /www/missing.txt"));
    String releaseId = "release-" + UUID.randomUUID();
    try (EventProbe<BuildJobEvent> builds = EventProbe.fromNow(Topics.BUILD_JOB);
        EventProbe<ImagePushedEvent> images = EventProbe.fromNow(Topics.IMAGE_PUSHED)) {
      admit(admitted(releaseId, repository, "v2.0.0", "dc1"));

      ReleaseBuildStateChanged failed = states(builds, releaseId, 3).get(2);
      assertThat(failed.to()).isEqualTo(RunState.FAILED);
      assertThat(failed.detail())
          .isEqualTo(
              "Dockerfile:3: RUN echo checking && test -f /www/missing.txt: while running runtime: exit status 1");
      assertThat(images.drain(QUIET).stream().filter(event -> isImage(event, releaseId))).isEmpty();
      given()
          .get("/builds/" + releaseId)
          .then()
          .statusCode(200)
          .body(containsString("FAILED"), containsString("checking"));
    }
  }

  @Test
  void aRollbackDeploysTheEarlierImageItNamesAndBuildsNothing() throws Exception {
    TestRepository repository = TestRepository.create(TestRepository.application(""));
    String releaseId = "op-" + UUID.randomUUID();
    String earlier = LocalRegistry.address() + "/org/shop@sha256:" + "5e".repeat(32);
    ReleaseAdmitted published = admitted(releaseId, repository, "v1.0.0", "dc1");
    ReleaseAdmitted rollback =
        new ReleaseAdmitted(
            releaseId,
            published.repository(),
            published.tag(),
            published.sha(),
            published.cloneUrl(),
            4,
            "dc1",
            published.build(),
            published.deploy(),
            new ReleaseOrigin(ReleaseOrigin.Operation.ROLLBACK, 1, "alice", null),
            earlier);
    try (EventProbe<BuildJobEvent> builds = EventProbe.fromNow(Topics.BUILD_JOB);
        EventProbe<ImagePushedEvent> images = EventProbe.fromNow(Topics.IMAGE_PUSHED)) {
      admit(rollback);

      ImagePushed dc1 = pushed(images, releaseId, 1).get(0);
      assertThat(dc1.imageReference()).isEqualTo(earlier);
      assertThat(dc1.releaseNumber()).isEqualTo(4);
      assertThat(builds.drain(QUIET).stream().filter(event -> isBuild(event, releaseId)))
          .as("no build states")
          .isEmpty();
      given()
          .get("/builds/" + releaseId)
          .then()
          .statusCode(200)
          .body(containsString("SUCCEEDED"), containsString(earlier));
    }
  }

  @Test
  void otherReleaseDecisionsAndUnknownBuildsAreNotTheRunners() {
    given().get("/builds/release-unknown").then().statusCode(404);
    given().get("/builds/..%2Fetc%2Fpasswd").then().statusCode(404);
  }

  private Envelope<ReleaseEvent> admit(ReleaseAdmitted admitted) {
    Envelope<ReleaseEvent> envelope =
        new Envelope<>(
            admitted.releaseId() + ".admitted." + admitted.datacenter(),
            "/test",
            admitted.repository(),
            Instant.now(),
            "delivery-" + admitted.releaseId(),
            null,
            admitted,
            null);
    publisher.publish(Topics.RELEASE, envelope);
    return envelope;
  }

  private static ReleaseAdmitted admitted(
      String releaseId, TestRepository repository, String tag, String datacenter) {
    return new ReleaseAdmitted(
        releaseId,
        "org/shop",
        tag,
        repository.sha(),
        repository.cloneUrl(),
        1,
        datacenter,
        new BuildDefinition("Dockerfile", "."),
        new DeployDefinition("shop", 1, 8080, "/"),
        null,
        null);
  }

  private static List<ReleaseBuildStateChanged> states(
      EventProbe<BuildJobEvent> probe, String releaseId, int count) {
    return probe.await(event -> isBuild(event, releaseId), count, WAIT).stream()
        .map(event -> (ReleaseBuildStateChanged) event.data())
        .toList();
  }

  private static List<ImagePushed> pushed(
      EventProbe<ImagePushedEvent> probe, String releaseId, int count) {
    return probe.await(event -> isImage(event, releaseId), count, WAIT).stream()
        .map(event -> (ImagePushed) event.data())
        .toList();
  }

  private static boolean isBuild(Envelope<BuildJobEvent> event, String releaseId) {
    return event.data() instanceof ReleaseBuildStateChanged change
        && change.releaseId().equals(releaseId);
  }

  private static boolean isImage(Envelope<ImagePushedEvent> event, String releaseId) {
    return event.data() instanceof ImagePushed pushed && pushed.releaseId().equals(releaseId);
  }
}
