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

  /**
   * The lane gauges read the store, so they count what other tests left there too: this test's
   * datacenters are its own.
   */
  @Test
  void theMetricsPageShowsTheLanesFromTheStoreAndKafkaStreamsLagByGroup() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String first = "gauges-a-" + suffix;
    String second = "gauges-b-" + suffix;
    String repository = "acme/gauges-" + suffix;
    publisher.publish(Topics.TASK_SPEC, request(repository, 1, first, second));
    publisher.publish(Topics.TASK_SPEC, request(repository, 2, first));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(metricsPage())
                    .contains(
                        "slipway_release_lane_occupied{datacenter=\"" + first + "\"} 1.0",
                        "slipway_release_waiting{datacenter=\"" + first + "\"} 1.0",
                        "slipway_release_lane_occupied{datacenter=\"" + second + "\"} 0.0",
                        "slipway_release_waiting{datacenter=\"" + second + "\"} 0.0"));
    assertThat(metricsPage())
        .containsPattern(
            "slipway_events_handled_total\\{topic=\"slipway.task-spec\",type=\"ReleaseRequested\"\\}"
                + " [1-9]")
        .contains(
            "slipway_events_handled_total{topic=\"slipway.deployed\",type=\"DeploymentFinished\"}",
            "slipway_releases_total{outcome=\"operation_rejected\"}")
        .containsPattern("slipway_releases_total\\{outcome=\"admitted\"\\} [1-9]")
        .containsPattern(
            "kafka_consumer_fetch_manager_records_lag_max\\{[^}]*group=\"slipway-release-coordinator\"");
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
    return request(repository, n, "dc1", "dc2");
  }

  private static Envelope<TaskSpecEvent> request(String repository, int n, String... datacenters) {
    return Envelope.first(
        "/slipway/task-compiler",
        repository,
        "delivery-" + n,
        Instant.now(),
        release(repository, n, QueueMode.SUPERSEDE, datacenters));
  }

  private static String metricsPage() {
    return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
  }
}
