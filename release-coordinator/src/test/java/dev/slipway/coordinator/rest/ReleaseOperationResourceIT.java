package dev.slipway.coordinator.rest;

import static dev.slipway.coordinator.domain.ReleaseFixtures.deployed;
import static dev.slipway.coordinator.domain.ReleaseFixtures.image;
import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.slipway.events.DeployedEvent;
import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.testsupport.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations endpoint on the real broker: a request goes through the coordinator's own input
 * topic and is answered with the coordinator's decision.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ReleaseOperationResourceIT {

  private static final String TOKEN = "Bearer test-operations-token";

  @Inject EventPublisher publisher;

  private final String owner = "acme";
  private final String name = "operations-" + UUID.randomUUID();
  private final String repository = owner + "/" + name;

  /** v1 rolled out in dc1 and dc2. */
  @BeforeEach
  void releaseOneRolledOut() {
    publisher.publish(
        Topics.TASK_SPEC,
        Envelope.<TaskSpecEvent>first(
            "/slipway/task-compiler",
            repository,
            "delivery-1",
            Instant.now(),
            release(repository, 1, QueueMode.SUPERSEDE, "dc1", "dc2")));
    for (String datacenter : new String[] {"dc1", "dc2"}) {
      awaitView(
          view ->
              view.body(
                  "datacenters.find { it.datacenter == '" + datacenter + "' }.inFlight.number",
                  equalTo(1)));
      publisher.publish(
          Topics.DEPLOYED,
          Envelope.<DeployedEvent>first(
              "/slipway/deployer",
              repository,
              "delivery-deploy",
              Instant.now(),
              deployed(repository, releaseId(repository, 1), datacenter, Outcome.ROLLED_OUT)));
      awaitView(
          view ->
              view.body(
                  "datacenters.find { it.datacenter == '" + datacenter + "' }.live.number",
                  equalTo(1)));
    }
  }

  @Test
  void aRollbackIsAnsweredWithTheNewReleaseItBecame() {
    given()
        .header("Authorization", TOKEN)
        .contentType(ContentType.JSON)
        .body(
            "{\"operation\":\"rollback\",\"release\":\"v1\",\"datacenters\":[\"dc2\"],\"requestedBy\":\"alice\"}")
        .when()
        .post("/releases/{owner}/{repo}/operations", owner, name)
        .then()
        .statusCode(202)
        .body("releaseId", startsWith("op-"))
        .body("release.number", equalTo(2))
        .body("release.origin", equalTo("rollback to v1 by alice"))
        .body("release.image", equalTo(image(repository, releaseId(repository, 1))))
        .body("release.datacenters", contains("dc2"));
  }

  @Test
  void anOperationAskedAgainIsAnsweredWithTheSameRelease() {
    String body = "{\"operation\":\"ROLLBACK\",\"release\":1,\"operationId\":\"asked-twice-1\"}";
    for (int asked = 0; asked < 2; asked++) {
      given()
          .header("Authorization", TOKEN)
          .contentType(ContentType.JSON)
          .body(body)
          .when()
          .post("/releases/{owner}/{repo}/operations", owner, name)
          .then()
          .statusCode(202)
          .body("releaseId", equalTo("op-asked-twice-1"))
          .body("release.number", equalTo(2));
    }
    given()
        .accept(ContentType.JSON)
        .when()
        .get("/releases/{owner}/{repo}", owner, name)
        .then()
        .body("lastReleaseNumber", equalTo(2));
  }

  @Test
  void aRefusedOperationIsAConflictWithTheReason() {
    given()
        .header("Authorization", TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"operation\":\"RETRY\",\"release\":1}")
        .when()
        .post("/releases/{owner}/{repo}/operations", owner, name)
        .then()
        .statusCode(409)
        .body("error", equalTo("v1 succeeded: there is nothing to retry (redeploy it instead)"));
  }

  @Test
  void withoutTheTokenNothingIsAsked() {
    given()
        .header("Authorization", "Bearer guess")
        .contentType(ContentType.JSON)
        .body("{\"operation\":\"ROLLBACK\",\"release\":1}")
        .when()
        .post("/releases/{owner}/{repo}/operations", owner, name)
        .then()
        .statusCode(401);
    given()
        .accept(ContentType.JSON)
        .when()
        .get("/releases/{owner}/{repo}", owner, name)
        .then()
        .body("lastReleaseNumber", equalTo(1));
  }

  @Test
  void aMalformedRequestIsABadRequest() {
    given()
        .header("Authorization", TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"operation\":\"ROLLBACK\",\"release\":\"latest\"}")
        .when()
        .post("/releases/{owner}/{repo}/operations", owner, name)
        .then()
        .statusCode(400)
        .body("error", equalTo("release must name a release number, e.g. 4 or v4"));
  }

  private void awaitView(Consumer<ValidatableResponse> expectation) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                expectation.accept(
                    given()
                        .accept(ContentType.JSON)
                        .when()
                        .get("/releases/{owner}/{repo}", owner, name)
                        .then()
                        .statusCode(200)));
  }
}
