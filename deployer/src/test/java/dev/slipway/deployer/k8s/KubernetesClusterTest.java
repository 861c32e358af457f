package dev.slipway.deployer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deployer.domain.Datacenter;
import dev.slipway.deployer.domain.Deployer;
import dev.slipway.deployer.domain.DeploymentResult;
import dev.slipway.deployer.domain.DeploymentSpec;
import dev.slipway.deployer.domain.DeploymentSpecBuilder;
import dev.slipway.deployer.domain.HealthProbe;
import dev.slipway.deployer.domain.KnownDatacenters;
import dev.slipway.deployer.domain.ProxyCheck;
import dev.slipway.deployer.domain.Releases;
import dev.slipway.deployer.domain.Target.RolloutStatus;
import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.ImagePushed;
import dev.slipway.testsupport.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployer against fabric8's mock API server in CRUD mode, with a fake deployment controller.
 */
class KubernetesClusterTest {

  private static final String IMAGE = "registry.test:5000/acme/shop";
  private static final String BROKEN = "sha256:" + "dead".repeat(16);

  private static final List<String> NODES = List.of("10.0.2.21", "10.0.2.22");

  @RegisterExtension static final MockCluster MOCK_CLUSTER = new MockCluster();

  private final KubernetesClient client = MOCK_CLUSTER.client();

  private FakeDeploymentController controller;
  private KubernetesCluster cluster;
  private Deployer deployer;

  @BeforeEach
  void startCluster() {
    controller = FakeDeploymentController.start(client, image -> !image.endsWith(BROKEN));
    cluster =
        new KubernetesCluster("eu-1", client, NODES, Duration.ofMillis(20), Clock.systemUTC());
    deployer =
        new Deployer(
            KnownDatacenters.of(
                new Datacenter("eu-1", "shop-prod", Optional.of(cluster), Optional.empty())),
            Duration.ofSeconds(2),
            new ProxyCheck(
                url -> new HealthProbe.Answer(true, "HTTP 200"),
                Duration.ZERO,
                Duration.ZERO,
                Clock.systemUTC()),
            Clock.systemUTC());
  }

  @AfterEach
  void stopController() {
    controller.close();
  }

  private DeploymentResult deploy(String releaseId, String digest) {
    return deploy("acme/shop", releaseId, digest);
  }

  private DeploymentResult deploy(String repository, String releaseId, String digest) {
    ImagePushed release =
        Releases.pushed(repository, releaseId, 7, "eu-1", IMAGE, digest, Releases.shop());
    return deployer.deploy(release, "delivery-" + releaseId, result -> {});
  }

  private Service shopService() {
    return client.services().inNamespace("shop-prod").withName("shop").get();
  }

  private Deployment shop() {
    return client.apps().deployments().inNamespace("shop-prod").withName("shop").get();
  }

  @Test
  void rollsOutTheReleaseAsTheSpecSays() {
    DeploymentResult result = deploy("r1", Releases.DIGEST);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).contains("2/2 replicas updated, 2/2 available");
    Deployment shop = shop();
    assertThat(shop.getMetadata().getLabels())
        .containsEntry("app", "shop")
        .containsEntry("slipway.release", "r1")
        .containsEntry("slipway.repo", "acme.shop");
    assertThat(shop.getMetadata().getAnnotations()).containsEntry("slipway.dev/release", "r1");
    assertThat(shop.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app");
    assertThat(shop.getSpec().getReplicas()).isEqualTo(2);
    Container container = shop.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(IMAGE + "@" + Releases.DIGEST);
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(shop.getMetadata().getAnnotations()).containsEntry("slipway.dev/repo", "acme/shop");
  }

  @Test
  void exposesTheServiceOnANodePortThatHaproxyReachesOnEveryNode() {
    assertThat(deploy("r1", Releases.DIGEST).detail()).contains("node port 30000");

    Service service = shopService();
    assertThat(service.getSpec().getType()).isEqualTo("NodePort");
    assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", "shop"));
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getPort()).isEqualTo(8080);
    assertThat(port.getTargetPort().getIntVal()).isEqualTo(8080);
    RolloutStatus status = cluster.awaitRollout(spec("r1", Releases.DIGEST), Duration.ofSeconds(2));
    assertThat(status.endpoints()).containsExactly("10.0.2.21:30000", "10.0.2.22:30000");
    assertThat(status.port()).isEqualTo(30000);
  }

  @Test
  void keepsTheNodePortFromOneReleaseToTheNext() {
    deploy("r1", Releases.DIGEST);

    assertThat(deploy("r2", Releases.DIGEST).outcome()).isEqualTo(Outcome.ROLLED_OUT);

    assertThat(shopService().getSpec().getPorts().get(0).getNodePort()).isEqualTo(30000);
    assertThat(shopService().getMetadata().getLabels()).containsEntry("slipway.release", "r2");
  }

  @Test
  void refusesAServiceNameAnotherRepositoryDeployedTouchingNothing() {
    deploy("r1", Releases.DIGEST);

    DeploymentResult result = deploy("globex/shop", "g1", Releases.DIGEST);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("service shop belongs to acme/shop");
    assertThat(shop().getMetadata().getAnnotations()).containsEntry("slipway.dev/release", "r1");
    assertThat(shopService().getMetadata().getLabels()).containsEntry("slipway.release", "r1");
  }

  @Test
  void rollsBackToThePreviousTemplateWhenTheNewOneNeverBecomesAvailable() {
    assertThat(deploy("r1", Releases.DIGEST).outcome()).isEqualTo(Outcome.ROLLED_OUT);

    DeploymentResult result = deploy("r2", BROKEN);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail())
        .isEqualTo(
            "readiness GET /healthz passed on 0/2 replicas within 2s (2/2 updated); rolled back to release r1");
    Deployment shop = shop();
    assertThat(shop.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE + "@" + Releases.DIGEST);
    assertThat(shop.getMetadata().getAnnotations())
        .containsEntry("slipway.dev/release", "r1")
        .doesNotContainKeys(
            KubernetesCluster.PREVIOUS_TEMPLATE, KubernetesCluster.PREVIOUS_RELEASE);
    assertThat(shop.getMetadata().getLabels()).containsEntry("slipway.release", "r1");
  }

  @Test
  void failsAndRemovesAFirstReleaseThatNeverBecomesAvailable() {
    DeploymentResult result = deploy("r1", BROKEN);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .endsWith("no previous release to roll back to, shop-prod/shop removed");
    assertThat(shop()).isNull();
    assertThat(shopService()).isNull();
  }

  @Test
  void aRedeliveredReleaseStillRollsBackToTheRevisionBeforeIt() {
    deploy("r1", Releases.DIGEST);
    // The first delivery applied r2 and the deployer stopped before the rollout ended.
    cluster.apply(spec("r2", BROKEN));

    DeploymentResult result = deploy("r2", BROKEN);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail()).endsWith("rolled back to release r1");
    assertThat(shop().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .endsWith(Releases.DIGEST);
  }

  private static DeploymentSpec spec(String releaseId, String digest) {
    return DeploymentSpecBuilder.build(
        Releases.pushed(releaseId, "eu-1", IMAGE, digest, Releases.shop()), "shop-prod");
  }
}
