package dev.slipway.coordinator.rest;

import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.testsupport.KafkaTestResource;
import io.quarkus.kafka.streams.runtime.KafkaStreamsProducer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service as deployed: Quarkus runs the topology on the real broker and shows the lanes over
 * HTTP.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ReleaseResourceIT {

  @Inject EventPublisher publisher;
  @Inject KafkaStreamsProducer streams;

  @Test
  void showsPerDatacenterTheReleaseInFlightAndTheWaitingOnes() {
    String owner = "acme";
    String name = "lanes-" + UUID.randomUUID();
    String repository = owner + "/" + name;
    publisher.publish(Topics.TASK_SPEC, request(repository, 1));
    publisher.publish(Topics.TASK_SPEC, request(repository, 2));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/releases/{owner}/{repo}", owner, name)
                    .then()
                    .statusCode(200)
                    .body("repository", equalTo(repository))
                    .body("lastReleaseNumber", equalTo(2))
                    .body("datacenters.datacenter", contains("dc1", "dc2"))
                    .body("datacenters[0].inFlight.releaseId", equalTo(releaseId(repository, 1)))
                    .body("datacenters[0].inFlight.number", equalTo(1))
                    .body("datacenters[0].waiting.releaseId", contains(releaseId(repository, 2)))
                    .body("datacenters[1].inFlight", nullValue()));
  }

  @Test
  void kafkaStreamsRunsWithTheServicesSettings() {
    Map<String, Object> streamsConfig = streams.getStreamsConfig().originals();

    assertThat(streamsConfig)
        .containsEntry("state.dir", "target/kafka-streams")
        .containsEntry("replication.factor", "1")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("client.dns.lookup", "use_all_dns_ips");
    assertThat(Path.of("target/kafka-streams/slipway-release-coordinator")).isDirectory();
  }

  @Test
  void anUnknownRepositoryIsNotFound() {
    given()
        .when()
        .get("/releases/acme/never-released")
        .then()
        .statusCode(404)
        .body("error", equalTo("no release of acme/never-released is known"));
  }

  private static Envelope<TaskSpecEvent> request(String repository, int n) {
    return Envelope.first(
        "/slipway/task-compiler",
        repository,
        "delivery-" + n,
        Instant.now(),
        release(repository, n, QueueMode.SUPERSEDE, "dc1", "dc2"));
  }
}
