package dev.slipway.deployer;

import static dev.slipway.deployer.ClusterAndEtcdResource.DATACENTER;
import static dev.slipway.deployer.ClusterAndEtcdResource.NAMESPACE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deployer.config.DeployerSettings;
import dev.slipway.deployer.config.DeployerSettings.DatacenterSettings;
import dev.slipway.deployer.config.DeployerSettings.EtcdTlsSettings;
import dev.slipway.deployer.domain.Releases;
import dev.slipway.deployer.etcd.EtcdClients;
import dev.slipway.deployer.k8s.KubernetesClients;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.DeployedEvent;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ImagePushedEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.json.EventJson;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaTestResource;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The deployer as deployed: image-pushed in on the real broker, deployment-finished out, cluster
 * and etcd changed.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClusterAndEtcdResource.class)
class DeployerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String IMAGE = "registry.test:5000/acme/shop";
  private static final String ROLLED_OUT_IN_DATACENTER =
      "slipway_release_rollout_duration_seconds_count{datacenter=\""
          + DATACENTER
          + "\",outcome=\"rolled_out\"}";

  @Inject EventPublisher publisher;

  @Inject DeployerSettings settings;

  private Envelope<ImagePushedEvent> send(ImagePushed pushed) {
    Envelope<ImagePushedEvent> envelope =
        Envelope.first(
            "/slipway/build-runner",
            pushed.repository(),
            "delivery-" + UUID.randomUUID(),
            Instant.now(),
            pushed);
    publisher.publish(Topics.IMAGE_PUSHED, envelope);
    return envelope;
  }

  private static Envelope<DeployedEvent> awaitFinished(
      EventProbe<DeployedEvent> probe, String releaseId, int count) {
    List<Envelope<DeployedEvent>> finished =
        probe.await(
            e -> ((DeploymentFinished) e.data()).releaseId().equals(releaseId), count, WAIT);
    return finished.get(finished.size() - 1);
  }

  @Test
  void deploysAPushedImageAnnouncesItAndReportsTheOutcomeOnce() throws Exception {
    String releaseId = "it-" + UUID.randomUUID().toString().substring(0, 8);
    DeployDefinition definition = new DeployDefinition("web-" + releaseId, 2, 8080, "/healthz");
    ImagePushed pushed = Releases.pushed(releaseId, DATACENTER, IMAGE, Releases.DIGEST, definition);
    double rolledOutBefore = scraped(ROLLED_OUT_IN_DATACENTER);
    try (EventProbe<DeployedEvent> probe = EventProbe.fromNow(Topics.DEPLOYED)) {
      Envelope<ImagePushedEvent> cause = send(pushed);

      Envelope<DeployedEvent> reported = awaitFinished(probe, releaseId, 1);
      DeploymentFinished finished = (DeploymentFinished) reported.data();
      assertThat(finished.outcome()).isEqualTo(Outcome.ROLLED_OUT);
      assertThat(finished.datacenter()).isEqualTo(DATACENTER);
      assertThat(finished.imageReference()).isEqualTo(IMAGE + "@" + Releases.DIGEST);
      // Reported only once the datacenter's proxy answered the release's health path.
      assertThat(finished.detail()).startsWith("rolled out ").contains("2/2 available");
      assertThat(finished.serviceUrl())
          .isEqualTo(datacenter().publicUrl().orElseThrow() + "/" + definition.service() + "/");
      assertThat(finished.releaseNumber()).isEqualTo(pushed.releaseNumber());
      assertThat(reported.id()).isEqualTo("deployment-finished/" + releaseId + "/" + DATACENTER);
      assertThat(reported.causationId()).isEqualTo(cause.id());
      assertThat(reported.correlationId()).isEqualTo(cause.correlationId());
      assertThat(reported.subject()).isEqualTo("acme/shop");

      try (KubernetesClient cluster = KubernetesClients.forKubeconfig(datacenter().kubeconfig())) {
        Deployment deployment =
            cluster
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(definition.service())
                .get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            .isEqualTo(IMAGE + "@" + Releases.DIGEST);
        assertThat(deployment.getMetadata().getAnnotations())
            .containsEntry("slipway.dev/release", releaseId);
      }
      JsonNode entry =
          readEtcd("/slipway/services/" + definition.service() + "/" + DATACENTER).orElseThrow();
      assertThat(entry.get("release").asText()).isEqualTo(releaseId);
      assertThat(entry.get("image").asText()).isEqualTo(IMAGE + "@" + Releases.DIGEST);
      // What haproxy reaches: the Service's node port on each configured node.
      assertThat(entry.get("endpoints"))
          .extracting(JsonNode::asText)
          .containsExactly(
              "10.0.2.21:" + entry.get("port").asInt(), "10.0.2.22:" + entry.get("port").asInt());
      assertThat(
              readEtcd(
                  "/slipway/history/" + definition.service() + "/" + DATACENTER + "/" + releaseId))
          .isPresent();

      // A redelivered image-pushed event reports the same logical event again, under the same id.
      send(pushed);
      Envelope<DeployedEvent> again = awaitFinished(probe, releaseId, 2);
      assertThat(again.id()).isEqualTo(reported.id());
      assertThat(((DeploymentFinished) again.data()).outcome()).isEqualTo(Outcome.ROLLED_OUT);
    }
    await("both deployments timed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> scraped(ROLLED_OUT_IN_DATACENTER) == rolledOutBefore + 2);
    assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
        .contains(
            "slipway_release_rollout_duration_seconds_bucket{datacenter=\""
                + DATACENTER
                + "\",outcome=\"rolled_out\",le=\"");
  }

  /** A series' value on {@code /q/metrics}, 0 while it does not exist. */
  private static double scraped(String series) {
    return given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  @Test
  void skipsOtherDatacentersSilentlyAndReportsWhatItCannotDeploy() {
    String other = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String invalid = other + "-invalid";
    try (EventProbe<DeployedEvent> probe = EventProbe.fromNow(Topics.DEPLOYED)) {
      // Same repository, so the same partition: once the second is reported, the first was handled.
      send(Releases.pushed(other, "mars", Releases.shop()));
      send(Releases.pushed(invalid, DATACENTER, new DeployDefinition("shop", 1, 8080, "healthz")));

      assertThat(detailOf(awaitFinished(probe, invalid, 1)))
          .isEqualTo("invalid deploy definition: healthPath must start with '/', not 'healthz'");
      assertThat(probe.drain(Duration.ofMillis(500)))
          .noneMatch(e -> ((DeploymentFinished) e.data()).releaseId().equals(other));
    }
  }

  private static String detailOf(Envelope<DeployedEvent> envelope) {
    DeploymentFinished finished = (DeploymentFinished) envelope.data();
    assertThat(finished.outcome()).isEqualTo(Outcome.FAILED);
    return finished.detail();
  }

  /** The test datacenter as the deployer is configured for it. */
  private DatacenterSettings datacenter() {
    return settings.datacenters().get(DATACENTER);
  }

  private Optional<JsonNode> readEtcd(String etcdKey) throws Exception {
    EtcdTlsSettings tls = datacenter().etcdTls();
    try (Client client =
        EtcdClients.connect(
            datacenter().etcdEndpoints().orElseThrow(),
            Optional.of(new EtcdClients.Tls(tls.ca().orElseThrow(), tls.cert(), tls.key())),
            Duration.ofSeconds(5))) {
      List<KeyValue> found =
          client
              .getKVClient()
              .get(ByteSequence.from(etcdKey, StandardCharsets.UTF_8))
              .get()
              .getKvs();
      return found.isEmpty()
          ? Optional.empty()
          : Optional.of(EventJson.mapper().readTree(found.get(0).getValue().getBytes()));
    }
  }
}
