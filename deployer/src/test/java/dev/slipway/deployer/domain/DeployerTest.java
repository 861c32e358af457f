package dev.slipway.deployer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.DeployDefinition;
import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.ImagePushed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeployerTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
  private static final String GOOD = "registry.test:5000/acme/shop@" + Releases.DIGEST;
  private static final String BAD_DIGEST = "sha256:" + "dead".repeat(16);

  private final FakeCluster cluster = new FakeCluster();
  private final List<ServiceRegistration> registered = new ArrayList<>();
  private final ServiceRegistry registry = registered::add;

  private DeploymentResult deploy(ImagePushed release, Datacenter... datacenters) {
    return new Deployer(KnownDatacenters.of(datacenters), Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC)).deploy(release, "delivery-1");
  }

  private Datacenter euWithEtcd() {
    return new Datacenter("eu-1", "prod", Optional.of(cluster), Optional.of(registry));
  }

  @Test
  void rollsOutAndAnnouncesTheService() {
    cluster.healthy(GOOD);

    DeploymentResult result = deploy(Releases.pushed("r2", "eu-1", Releases.shop()), euWithEtcd());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).isEqualTo("rolled out " + GOOD + " to prod/shop: all available");
    assertThat(registered)
        .containsExactly(new ServiceRegistration("shop", "eu-1", "acme/shop", "r2", "v1.2.0", GOOD, 8080, 2, NOW));
  }

  @Test
  void saysSoWhenNoEtcdAnnouncesTheRollout() {
    cluster.healthy(GOOD);

    DeploymentResult result =
        deploy(Releases.pushed("r2", "eu-1", Releases.shop()), new Datacenter("eu-1", "prod", Optional.of(cluster), Optional.empty()));

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).endsWith("(not announced: no etcd configured for dc eu-1)");
  }

  @Test
  void rollsBackToThePreviousReleaseWhenTheRolloutFails() {
    cluster.running("shop", "r1", GOOD).healthy(GOOD);

    DeploymentResult result =
        deploy(Releases.pushed("r2", "eu-1", "registry.test:5000/acme/shop", BAD_DIGEST, Releases.shop()), euWithEtcd());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail())
        .isEqualTo("rollout of registry.test:5000/acme/shop@" + BAD_DIGEST + " failed: 0/2 available; rolled back to release r1");
    assertThat(cluster.releaseOf("shop")).hasValue("r1");
    assertThat(registered).isEmpty();
  }

  @Test
  void removesAFirstReleaseThatNeverBecameAvailable() {
    DeploymentResult result = deploy(Releases.pushed("r1", "eu-1", Releases.shop()), euWithEtcd());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).endsWith("no previous revision to roll back to, Deployment shop removed");
    assertThat(cluster.releaseOf("shop")).isEmpty();
    assertThat(registered).isEmpty();
  }

  @Test
  void failsWhenTheRollbackDoesNotBecomeAvailableEither() {
    cluster.running("shop", "r1", "registry.test:5000/acme/shop@" + BAD_DIGEST);

    DeploymentResult result = deploy(Releases.pushed("r2", "eu-1", Releases.shop()), euWithEtcd());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).endsWith("the rollback to release r1 did not become available either: 0/2 available");
  }

  @Test
  void reportsWhatTheClusterRefused() {
    cluster.refusing("Deployment.apps \"shop\" is forbidden:\n  exceeded quota");

    DeploymentResult result = deploy(Releases.pushed("r2", "eu-1", Releases.shop()), euWithEtcd());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .isEqualTo("the cluster refused Deployment shop: Deployment.apps \"shop\" is forbidden: exceeded quota");
  }

  @Test
  void failsAnUnknownDatacenterNamingTheKnownOnes() {
    DeploymentResult result =
        deploy(
            Releases.pushed("r2", "mars", Releases.shop()),
            euWithEtcd(),
            new Datacenter("us-1", "prod", Optional.of(cluster), Optional.empty()));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("datacenter 'mars' is not configured in the deployer (configured: eu-1, us-1)");
    assertThat(cluster.calls()).isEmpty();
  }

  @Test
  void failsADatacenterWithoutACluster() {
    DeploymentResult result =
        deploy(Releases.pushed("r2", "local", Releases.shop()), new Datacenter("local", "default", Optional.empty(), Optional.of(registry)));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("no cluster configured for dc local");
    assertThat(registered).isEmpty();
  }

  @Test
  void failsAnInvalidDefinitionWithoutTouchingTheCluster() {
    DeploymentResult result =
        deploy(Releases.pushed("r2", "eu-1", new DeployDefinition("shop", 0, 8080, "/healthz")), euWithEtcd());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("invalid deploy definition: replicas must be at least 1, not 0");
    assertThat(cluster.calls()).isEmpty();
  }

  @Test
  void letsAnUnreachableRegistryFailTheCallSoTheEventIsRetried() {
    cluster.healthy(GOOD);
    ServiceRegistry down =
        registration -> {
          throw new IllegalStateException("etcd unreachable");
        };

    assertThatThrownBy(
            () -> deploy(Releases.pushed("r2", "eu-1", Releases.shop()), new Datacenter("eu-1", "prod", Optional.of(cluster), Optional.of(down))))
        .hasMessage("etcd unreachable");
    assertThat(cluster.releaseOf("shop")).hasValue("r2");
  }
}
