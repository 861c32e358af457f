package dev.slipway.deployer.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deployer.domain.Datacenter;
import dev.slipway.deployer.domain.Deployer;
import dev.slipway.deployer.domain.DeploymentResult;
import dev.slipway.deployer.domain.KnownDatacenters;
import dev.slipway.deployer.domain.ProxyCheck;
import dev.slipway.deployer.domain.Releases;
import dev.slipway.deployer.etcd.EtcdServiceRegistry;
import dev.slipway.deployer.etcd.EtcdTestClients;
import dev.slipway.deployer.http.HttpHealthProbe;
import dev.slipway.deployer.podman.ServiceImages.Pushed;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.json.EventJson;
import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.containers.RegistryCredentials;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.etcd.EtcdProcess;
import dev.slipway.testsupport.haproxy.HaproxyWithSync;
import dev.slipway.testsupport.registry.LocalRegistry;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code local} datacenter for real: podman containers of images pulled from a real plain-HTTP
 * registry, health checks through their host ports, registration in a real etcd over TLS, and
 * haproxy rendered from that etcd by the sync script.
 */
class LocalDatacenterIT {

  private static final String DC = "dc1";
  private static final String PUBLIC_URL = "http://127.0.0.1:8401";
  private static final Duration ROLLOUT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static EtcdProcess etcd;
  private static Client etcdClient;
  private static Path root;
  private static Podman podman;
  private static PodmanTarget target;
  private static Deployer deployer;
  private static String registry;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    registry = LocalRegistry.address();
    etcd = EtcdProcess.startWithTls();
    etcdClient = EtcdTestClients.connect(etcd, etcd.endpoint(), TIMEOUT);
    root = Files.createTempDirectory("slipway-deployer-it-");
    podman = new Podman(root.resolve("containers"));
    target =
        new PodmanTarget(
            DC,
            podman,
            Set.of(registry),
            Optional.empty(),
            new HttpHealthProbe(Duration.ofSeconds(1)),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Clock.systemUTC());
    // No haproxy answers at PUBLIC_URL here: the proxy is asked only in the haproxy test.
    deployer = deployer(PUBLIC_URL, Duration.ZERO);
  }

  private static Deployer deployer(String publicUrl, Duration serveTimeout) {
    ProxyCheck proxyCheck =
        new ProxyCheck(
            new HttpHealthProbe(Duration.ofSeconds(1)),
            serveTimeout,
            Duration.ofMillis(100),
            Clock.systemUTC());
    return new Deployer(
        KnownDatacenters.of(
            new Datacenter(
                DC,
                DC,
                Optional.of(target),
                Optional.of(new EtcdServiceRegistry(etcdClient, TIMEOUT)),
                Optional.of(publicUrl))),
        ROLLOUT_TIMEOUT,
        proxyCheck,
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    podman.call("rm", "--all", "--force", "--time", "0");
    etcdClient.close();
    etcd.close();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static DeploymentResult deploy(String repo, String service, int number, Pushed image) {
    return deploy(repo, service, number, image, 2);
  }

  private static DeploymentResult deploy(
      String repo, String service, int number, Pushed image, int replicas) {
    return deploy(deployer, repo, service, number, image, replicas);
  }

  private static DeploymentResult deploy(
      Deployer by, String repo, String service, int number, Pushed image, int replicas) {
    DeployDefinition definition =
        new DeployDefinition(service, replicas, ServiceImages.PORT, "/healthz");
    return by.deploy(
        Releases.pushed(
            repo, service + "-r" + number, number, DC, image.image(), image.digest(), definition),
        "delivery-" + number,
        result -> {});
  }

  @Test
  void rollsOutNewBeforeOldAndRegistersEndpointsThatAnswer() throws Exception {
    Pushed first = ServiceImages.push(registry, "acme/web", "1", true);
    Pushed second = ServiceImages.push(registry, "acme/web", "2", true);

    DeploymentResult one = deploy("acme/web", "web", 1, first);
    assertThat(one.outcome()).as(one.detail()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(one.serviceUrl()).hasValue(PUBLIC_URL + "/web/");
    List<String> firstEndpoints = endpoints("web");
    assertThat(firstEndpoints).hasSize(2);
    for (String endpoint : firstEndpoints) {
      assertThat(get("http://" + endpoint + "/")).isEqualTo("release 1\n");
    }

    DeploymentResult two = deploy("acme/web", "web", 2, second);
    assertThat(two.outcome()).as(two.detail()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(two.detail()).contains("2/2 replicas answer GET /healthz");
    List<String> secondEndpoints = endpoints("web");
    assertThat(secondEndpoints).hasSize(2).doesNotContainAnyElementsOf(firstEndpoints);
    for (String endpoint : secondEndpoints) {
      assertThat(get("http://" + endpoint + "/")).isEqualTo("release 2\n");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(containers("web"))
                    .as("release 1 retired")
                    .allMatch(name -> name.contains("web-r2")));

    // A redelivery reuses the running containers: same endpoints, same registration.
    assertThat(deploy("acme/web", "web", 2, second).outcome()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(endpoints("web")).isEqualTo(secondEndpoints);
  }

  @Test
  void rollsBackAReleaseWhoseHealthPathAnswers404() throws Exception {
    Pushed good = ServiceImages.push(registry, "acme/cart", "1", true);
    Pushed unhealthy = ServiceImages.push(registry, "acme/cart", "2", false);
    assertThat(deploy("acme/cart", "cart", 1, good, 1).outcome()).isEqualTo(Outcome.ROLLED_OUT);
    KeyValue registered = etcdKey(EtcdServiceRegistry.serviceKey("cart", DC)).orElseThrow();

    DeploymentResult result = deploy("acme/cart", "cart", 2, unhealthy, 1);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail())
        .isEqualTo(
            "GET /healthz failed on 1 of 1 replicas within 10s: HTTP 404; rolled back to release cart-r1");
    // What a GitHub deployment status shows of it.
    assertThat(result.detail().substring(0, Math.min(140, result.detail().length())))
        .contains("GET /healthz")
        .contains("HTTP 404");
    assertThat(result.serviceUrl()).isEmpty();
    assertThat(etcdKey(EtcdServiceRegistry.serviceKey("cart", DC)).orElseThrow().getModRevision())
        .isEqualTo(registered.getModRevision());
    for (String endpoint : endpoints("cart")) {
      assertThat(get("http://" + endpoint + "/")).isEqualTo("release 1\n");
    }
    assertThat(containers("cart")).allMatch(name -> name.contains("cart-r1"));
  }

  @Test
  void removesAFirstReleaseThatFailsAndReportsAContainerThatExitsAtOnceWithItsLastLines()
      throws Exception {
    Pushed crashing = ServiceImages.crashing(registry, "acme/crash");
    Instant started = Instant.now();

    DeploymentResult result = deploy("acme/crash", "crash", 1, crashing, 1);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .startsWith("a replica exited (code 3) before GET /healthz answered")
        .contains("cannot bind to port 8080")
        .endsWith(
            "no previous release to roll back to, 1 podman containers slipway-dc1-crash-crash-r1-* removed");
    assertThat(Duration.between(started, Instant.now())).isLessThan(ROLLOUT_TIMEOUT);
    assertThat(containers("crash")).isEmpty();
    assertThat(etcdKey(EtcdServiceRegistry.serviceKey("crash", DC))).isEmpty();
  }

  @Test
  void retriesAPullFromARegistryThatDoesNotListen() throws Exception {
    int closed = FreePorts.take();
    Pushed nowhere = new Pushed("127.0.0.1:" + closed + "/acme/gone", Releases.DIGEST);

    assertThatThrownBy(() -> deploy("acme/gone", "gone", 1, nowhere, 1))
        .isInstanceOf(RetryableException.class)
        .hasMessageContaining("registry not available (connect: connection refused)");
    assertThat(containers("gone")).isEmpty();
  }

  @Test
  void failsAReleaseWhoseImageTheRegistryDoesNotHold() throws Exception {
    Pushed missing = new Pushed(registry + "/acme/missing", "sha256:" + "dead".repeat(16));

    DeploymentResult result = deploy("acme/missing", "missing", 1, missing, 1);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail())
        .isEqualTo(
            "dc dc1 refused missing: image not in the registry (manifest unknown): "
                + missing.image()
                + "@"
                + missing.digest());
    assertThat(containers("missing")).isEmpty();
  }

  @Test
  void pullsFromARegistryThatWantsAnAccountWithTheAuthFileOnly() throws Exception {
    LocalRegistry.Secured secured = LocalRegistry.secured();
    Pushed image = ServiceImages.push(secured, "acme/private", "private-1");
    Path authFile =
        new RegistryCredentials(secured.username(), secured.password())
            .writeAuthFile(root.resolve("registry-auth.json"), secured.address());

    DeploymentResult anonymous =
        deploy(
            deployerPullingWith(secured.address(), Optional.empty()),
            "acme/private",
            "private",
            1,
            image,
            1);
    DeploymentResult withAccount =
        deploy(
            deployerPullingWith(secured.address(), Optional.of(authFile)),
            "acme/private",
            "private",
            1,
            image,
            1);

    assertThat(anonymous.outcome()).as(anonymous.detail()).isEqualTo(Outcome.FAILED);
    assertThat(anonymous.detail()).contains("unauthorized");
    assertThat(withAccount.outcome()).as(withAccount.detail()).isEqualTo(Outcome.ROLLED_OUT);
  }

  private static Deployer deployerPullingWith(String securedRegistry, Optional<Path> authFile) {
    PodmanTarget pulling =
        new PodmanTarget(
            DC,
            podman,
            Set.of(securedRegistry),
            authFile,
            new HttpHealthProbe(Duration.ofSeconds(1)),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Clock.systemUTC());
    return new Deployer(
        KnownDatacenters.of(
            new Datacenter(DC, DC, Optional.of(pulling), Optional.empty(), Optional.empty())),
        ROLLOUT_TIMEOUT,
        new ProxyCheck(
            new HttpHealthProbe(Duration.ofSeconds(1)),
            Duration.ZERO,
            Duration.ofMillis(100),
            Clock.systemUTC()),
        Clock.systemUTC());
  }

  @Test
  void refusesAServiceNameAnotherRepositoryOwnsTouchingNothing() throws Exception {
    Pushed ours = ServiceImages.push(registry, "acme/till", "1", true);
    Pushed theirs = ServiceImages.push(registry, "globex/till", "1", true);
    assertThat(deploy("acme/till", "till", 1, ours, 1).outcome()).isEqualTo(Outcome.ROLLED_OUT);
    List<String> before = containers("till");

    DeploymentResult result = deploy("globex/till", "till", 9, theirs, 1);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("service till belongs to acme/till");
    assertThat(containers("till")).isEqualTo(before);
    assertThat(entry("till").get("repo").asText()).isEqualTo("acme/till");
  }

  @Test
  void anOlderReleaseNeverOverwritesANewerRegistration() throws Exception {
    Pushed older = ServiceImages.push(registry, "acme/ledger", "4", true);
    Pushed newer = ServiceImages.push(registry, "acme/ledger", "5", true);
    assertThat(deploy("acme/ledger", "ledger", 5, newer, 1).outcome())
        .isEqualTo(Outcome.ROLLED_OUT);

    DeploymentResult result = deploy("acme/ledger", "ledger", 4, older, 1);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).contains("is older than release ledger-r5 (#5)");
    assertThat(entry("ledger").get("releaseNumber").asInt()).isEqualTo(5);
    assertThat(get("http://" + endpoints("ledger").get(0) + "/")).isEqualTo("release 5\n");
  }

  @Test
  void haproxyRenderedFromEtcdServesTheServiceByPathPrefixAndFollowsChanges() throws Exception {
    Pushed first = ServiceImages.push(registry, "acme/shop", "1", true);
    Pushed second = ServiceImages.push(registry, "acme/shop", "2", true);
    assertThat(deploy("acme/shop", "shop", 1, first, 1).outcome()).isEqualTo(Outcome.ROLLED_OUT);
    try (HaproxyWithSync haproxy = HaproxyWithSync.start(root.resolve("haproxy"), etcd, DC)) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> haproxy.get("/shop/"), body -> "release 1\n".equals(body));
      assertThat(haproxy.get("/shop/index.html")).isEqualTo("release 1\n");
      assertThat(haproxy.status("/nothing/")).isEqualTo(503);

      assertThat(deploy("acme/shop", "shop", 2, second, 1).outcome()).isEqualTo(Outcome.ROLLED_OUT);

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> haproxy.get("/shop/"), body -> "release 2\n".equals(body));
    }
  }

  @Test
  void aReleaseIsReportedOnlyOnceHaproxyServesItAndNotTheReleaseBefore() throws Exception {
    Pushed first = ServiceImages.push(registry, "acme/kiosk", "1", true);
    Pushed second = ServiceImages.push(registry, "acme/kiosk", "2", true);
    try (HaproxyWithSync haproxy = HaproxyWithSync.start(root.resolve("haproxy-kiosk"), etcd, DC)) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> haproxy.status("/kiosk/"), status -> status == 503);

      DeploymentResult result =
          deploy(
              deployer(haproxy.url(), Duration.ofSeconds(15)), "acme/kiosk", "kiosk", 1, first, 1);

      assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.ROLLED_OUT);
      assertThat(result.detail()).startsWith("rolled out ");
      // What a user clicking the reported URL at once gets: the release, not haproxy's 503.
      assertThat(get(result.serviceUrl().orElseThrow())).isEqualTo("release 1\n");

      DeploymentResult next =
          deploy(
              deployer(haproxy.url(), Duration.ofSeconds(15)), "acme/kiosk", "kiosk", 2, second, 1);

      assertThat(next.outcome()).as(next.detail()).isEqualTo(Outcome.ROLLED_OUT);
      assertThat(next.detail()).startsWith("rolled out ");
      // Not release 1, which answered the health path until haproxy was reloaded.
      assertThat(get(next.serviceUrl().orElseThrow())).isEqualTo("release 2\n");
    }
  }

  @Test
  void saysSoWhenTheDatacentersProxyDoesNotServeTheReleaseInTime() throws Exception {
    Pushed first = ServiceImages.push(registry, "acme/stall", "1", true);
    int closed = FreePorts.take();

    DeploymentResult result =
        deploy(
            deployer("http://127.0.0.1:" + closed, Duration.ofSeconds(1)),
            "acme/stall",
            "stall",
            1,
            first,
            1);

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.ROLLED_OUT);
    assertThat(result.detail())
        .startsWith(
            "dc dc1's proxy did not serve stall yet (GET /stall/healthz: connection refused after 1s); rolled out ");
    assertThat(result.serviceUrl()).hasValue("http://127.0.0.1:" + closed + "/stall/");
    assertThat(entry("stall").get("release").asText()).isEqualTo("stall-r1");
  }

  private static List<String> endpoints(String service) throws Exception {
    List<String> endpoints = new ArrayList<>();
    entry(service).get("endpoints").forEach(node -> endpoints.add(node.asText()));
    return endpoints;
  }

  private static JsonNode entry(String service) throws Exception {
    KeyValue kv = etcdKey(EtcdServiceRegistry.serviceKey(service, DC)).orElseThrow();
    return EventJson.mapper().readTree(kv.getValue().getBytes());
  }

  private static Optional<KeyValue> etcdKey(String key) throws Exception {
    return etcdClient
        .getKVClient()
        .get(ByteSequence.from(key, StandardCharsets.UTF_8))
        .get()
        .getKvs()
        .stream()
        .findFirst();
  }

  private static List<String> containers(String service) {
    return podman
        .call(
            "ps", "--all", "--format", "{{.Names}}", "--filter", "label=slipway.service=" + service)
        .orThrow("listing")
        .stdout()
        .lines()
        .sorted()
        .toList();
  }

  static String get(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
