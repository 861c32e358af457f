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
  private static final String IMAGE = "registry.test:5000/acme/shop";
  private static final String GOOD = IMAGE + "@" + Releases.DIGEST;
  private static final String BAD_DIGEST = "sha256:" + "dead".repeat(16);
  private static final String PUBLIC_URL = "http://127.0.0.1:8401";

  private final List<String> calls = new ArrayList<>();
  private final FakeTarget target = new FakeTarget(calls);
  private final FakeRegistry registry = new FakeRegistry(calls);
  private final FakeProxy proxy = new FakeProxy(calls);

  private DeploymentResult deploy(ImagePushed release, Datacenter... datacenters) {
    return deployer(datacenters)
        .deploy(release, "delivery-1", result -> calls.add("report " + result.outcome()));
  }

  private Deployer deployer(Datacenter... datacenters) {
    // The test's time passes by the proxy's polls, not by waiting.
    ProxyCheck proxyCheck =
        new ProxyCheck(proxy, Duration.ofSeconds(15), Duration.ZERO, proxy.clock());
    return new Deployer(
        KnownDatacenters.of(datacenters),
        Duration.ofSeconds(30),
        proxyCheck,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Datacenter eu() {
    return new Datacenter(
        "eu-1", "prod", Optional.of(target), Optional.of(registry), Optional.of(PUBLIC_URL + "/"));
  }

  private static ImagePushed release(String releaseId, int number, String digest) {
    return Releases.pushed("acme/shop", releaseId, number, "eu-1", IMAGE, digest, Releases.shop());
  }

  private static ServiceRegistration registration(String releaseId, int number) {
    return new ServiceRegistration(
        "shop",
        "eu-1",
        "acme/shop",
        releaseId,
        number,
        "v1.2." + number,
        GOOD,
        8080,
        2,
        List.of("127.0.0.1:4001", "127.0.0.1:4002"),
        NOW);
  }

  @Test
  void startsTheNewReleaseRegistersItAndOnlyThenRetiresTheOldOne() {
    target.running("shop", "r1", GOOD).healthy(GOOD);

    DeploymentResult result = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).isEqualTo("rolled out " + GOOD + " to prod/shop: all answer");
    assertThat(result.serviceUrl()).hasValue(PUBLIC_URL + "/shop/");
    assertThat(calls)
        .containsExactly(
            "apply r2",
            "await r2",
            "register r2",
            "proxy " + PUBLIC_URL + "/shop/healthz",
            "report ROLLED_OUT",
            "retire before r2");
    assertThat(registry.entry("shop", "eu-1")).hasValue(registration("r2", 8));
  }

  @Test
  void keepsTheOldReleaseRunningWhenTheOutcomeCouldNotBeReported() {
    target.running("shop", "r1", GOOD).healthy(GOOD);
    Deployer deployer = deployer(eu());

    assertThatThrownBy(
            () ->
                deployer.deploy(
                    release("r2", 8, Releases.DIGEST),
                    "delivery-1",
                    result -> {
                      throw new IllegalStateException("broker down");
                    }))
        .hasMessage("broker down");

    assertThat(calls).doesNotContain("retire before r2");
  }

  @Test
  void reportsTheRolloutOnlyOnceTheDatacentersProxyServesTheRelease() {
    target.healthy(GOOD);
    proxy.servingAfter(7);

    DeploymentResult result = deploy(release("r1", 7, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).isEqualTo("rolled out " + GOOD + " to prod/shop: all answer");
    assertThat(result.serviceUrl()).hasValue(PUBLIC_URL + "/shop/");
    assertThat(proxy.polls()).isEqualTo(8);
  }

  @Test
  void retiresThePreviousReleaseOnlyOnceTheProxyServesTheNewOne() {
    target.running("shop", "r1", GOOD).healthy(GOOD);
    proxy.reloadedAfter(6, "r1", "r2");

    DeploymentResult result = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).isEqualTo("rolled out " + GOOD + " to prod/shop: all answer");
    assertThat(proxy.polls()).isEqualTo(7);
    assertThat(calls).endsWith("report ROLLED_OUT", "retire before r2");
  }

  @Test
  void saysWhichReleaseTheProxyStillServesWhenItWasNotReloadedInTime() {
    target.running("shop", "r1", GOOD).healthy(GOOD);
    proxy.reloadedAfter(Integer.MAX_VALUE, "r1", "r2");

    DeploymentResult result = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail())
        .startsWith(
            "dc eu-1's proxy did not serve shop yet (GET /shop/healthz: HTTP 200 from release r1 after 15s); ");
  }

  @Test
  void reportsARolloutTheProxyDoesNotServeInTimeSayingSoFirst() {
    target.running("shop", "r1", GOOD).healthy(GOOD);
    proxy.neverServing();

    DeploymentResult result = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail())
        .isEqualTo(
            "dc eu-1's proxy did not serve shop yet (GET /shop/healthz: HTTP 503 after 15s); rolled out "
                + GOOD
                + " to prod/shop: all answer");
    assertThat(result.serviceUrl()).hasValue(PUBLIC_URL + "/shop/");
    // 15 s of polls every 100 ms, and not one more.
    assertThat(proxy.polls()).isEqualTo(150);
    assertThat(registry.entry("shop", "eu-1")).hasValue(registration("r2", 8));
    assertThat(calls).endsWith("retire before r2");
  }

  @Test
  void asksNoProxyWhoseAddressIsNotKnown() {
    target.healthy(GOOD);
    proxy.neverServing();

    DeploymentResult result =
        deploy(
            release("r2", 8, Releases.DIGEST),
            new Datacenter("eu-1", "prod", Optional.of(target), Optional.of(registry)));

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).isEqualTo("rolled out " + GOOD + " to prod/shop: all answer");
    assertThat(proxy.polls()).isZero();
  }

  @Test
  void saysSoWhenNoEtcdAnnouncesTheRollout() {
    target.healthy(GOOD);

    DeploymentResult result =
        deploy(
            release("r2", 8, Releases.DIGEST),
            new Datacenter(
                "eu-1", "prod", Optional.of(target), Optional.empty(), Optional.of(PUBLIC_URL)));

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail()).endsWith("(not announced: no etcd configured for dc eu-1)");
    assertThat(result.serviceUrl()).isEmpty();
  }

  @Test
  void rollsBackWhenTheNewReleaseDoesNotAnswerLeavingTheRegistrationAlone() {
    target.running("shop", "r1", GOOD).healthy(GOOD);
    registry.holding(registration("r1", 7));

    DeploymentResult result = deploy(release("r2", 8, BAD_DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail())
        .isEqualTo("GET /healthz answered HTTP 404; rolled back to release r1");
    assertThat(result.serviceUrl()).isEmpty();
    assertThat(target.releaseOf("shop")).hasValue("r1");
    assertThat(registry.entry("shop", "eu-1")).hasValue(registration("r1", 7));
    assertThat(calls).doesNotContain("retire before r2");
  }

  @Test
  void removesAFirstReleaseThatNeverAnswered() {
    DeploymentResult result = deploy(release("r1", 7, BAD_DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).endsWith("no previous release to roll back to, prod/shop removed");
    assertThat(target.releaseOf("shop")).isEmpty();
    assertThat(registry.entry("shop", "eu-1")).isEmpty();
  }

  @Test
  void failsWhenTheRollbackDoesNotAnswerEither() {
    target.running("shop", "r1", IMAGE + "@" + BAD_DIGEST);

    DeploymentResult result = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .endsWith(
            "the rollback to release r1 did not become available either: GET /healthz answered HTTP 404");
  }

  @Test
  void refusesAServiceNameAnotherRepositoryOwnsTouchingNothing() {
    registry.owned("shop", "eu-1", "globex/shop");

    DeploymentResult result = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("service shop belongs to globex/shop");
    assertThat(calls).as("touched nothing, reported").containsExactly("report FAILED");
  }

  @Test
  void refusesAServiceNameTheTargetFindsRunForAnotherRepository() {
    target.runningOf("shop", "globex/shop");

    DeploymentResult result =
        deploy(
            release("r2", 8, Releases.DIGEST),
            new Datacenter("eu-1", "prod", Optional.of(target), Optional.empty()));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("service shop belongs to globex/shop");
    assertThat(calls).containsExactly("apply r2", "report FAILED");
  }

  @Test
  void neverDeploysAReleaseOlderThanTheRegisteredOne() {
    registry.holding(registration("r9", 9));

    DeploymentResult result = deploy(release("r8", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .isEqualTo(
            "release r8 (#8) is older than release r9 (#9) registered for shop in dc eu-1; not deployed");
    assertThat(calls).as("touched nothing, reported").containsExactly("report FAILED");
  }

  @Test
  void rollsBackWhenANewerReleaseWasRegisteredWhileThisOneStarted() {
    target.running("shop", "r1", GOOD).healthy(GOOD);
    registry.registeringMeanwhile(registration("r9", 9));

    DeploymentResult result = deploy(release("r8", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail())
        .startsWith(
            "release r8 (#8) is older than release r9 (#9) registered for shop in dc eu-1 meanwhile; rolled back");
    assertThat(registry.entry("shop", "eu-1")).hasValue(registration("r9", 9));
    assertThat(calls).doesNotContain("retire before r8");
  }

  @Test
  void aRedeliveredReleaseRegistersTheSameEntryAgain() {
    target.healthy(GOOD);
    deploy(release("r2", 8, Releases.DIGEST), eu());

    DeploymentResult again = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(again.outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(registry.entry("shop", "eu-1")).hasValue(registration("r2", 8));
  }

  @Test
  void reportsWhatTheTargetRefused() {
    target.refusing("Deployment.apps \"shop\" is forbidden:\n  exceeded quota");

    DeploymentResult result = deploy(release("r2", 8, Releases.DIGEST), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .isEqualTo("dc eu-1 refused shop: Deployment.apps \"shop\" is forbidden: exceeded quota");
  }

  @Test
  void failsAnUnknownDatacenterNamingTheKnownOnes() {
    DeploymentResult result =
        deploy(
            Releases.pushed("r2", "mars", Releases.shop()),
            eu(),
            new Datacenter("us-1", "prod", Optional.of(target), Optional.empty()));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .isEqualTo("datacenter 'mars' is not configured in the deployer (configured: eu-1, us-1)");
    assertThat(calls).as("touched nothing, reported").containsExactly("report FAILED");
  }

  @Test
  void failsAnInvalidDefinitionWithoutTouchingAnything() {
    DeploymentResult result =
        deploy(
            Releases.pushed("r2", "eu-1", new DeployDefinition("shop", 0, 8080, "/healthz")), eu());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .isEqualTo("invalid deploy definition: replicas must be at least 1, not 0");
    assertThat(calls).as("touched nothing, reported").containsExactly("report FAILED");
  }

  @Test
  void letsAnUnreachableRegistryFailTheCallSoTheEventIsRetriedWithTheOldReleaseStillServing() {
    target.running("shop", "r1", GOOD).healthy(GOOD);
    ServiceRegistry down =
        new FakeRegistry(calls) {
          @Override
          public Optional<Registered> register(ServiceRegistration registration) {
            throw new IllegalStateException("etcd unreachable");
          }
        };

    assertThatThrownBy(
            () ->
                deploy(
                    release("r2", 8, Releases.DIGEST),
                    new Datacenter("eu-1", "prod", Optional.of(target), Optional.of(down))))
        .hasMessage("etcd unreachable");
    assertThat(calls).containsExactly("apply r2", "await r2");
  }
}
