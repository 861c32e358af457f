package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.testsupport.ServiceProcess;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The six services on the real broker with everything a release touches: a registry holding
 * busybox, bare git repositories, two datacenters (each its own etcd over TLS, haproxy and sync),
 * and a fake GitHub that the reporter's real client writes deployments to.
 */
final class ReleaseFlow implements AutoCloseable {

  static final String SECRET = "e2e-release-secret";
  static final String OPERATIONS_TOKEN = "e2e-operations-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path work;
  private final FakeGitHub github;
  private final String registry;
  private final List<LocalDatacenter> datacenters;
  private final ServiceProcesses services;
  private final AtomicLong releaseIds = new AtomicLong(System.currentTimeMillis());

  private ReleaseFlow(
      Path work,
      FakeGitHub github,
      String registry,
      List<LocalDatacenter> datacenters,
      ServiceProcesses services) {
    this.work = work;
    this.github = github;
    this.registry = registry;
    this.datacenters = datacenters;
    this.services = services;
  }

  static ReleaseFlow start() {
    try {
      Path work = Files.createTempDirectory("slipway-e2e-release");
      FakeGitHub github = FakeGitHub.start();
      // Side by side: FreePorts never hands the two the same port.
      CompletableFuture<LocalDatacenter> dc2 =
          CompletableFuture.supplyAsync(() -> LocalDatacenter.start("dc2", work));
      List<LocalDatacenter> datacenters = List.of(LocalDatacenter.start("dc1", work), dc2.join());
      String registry = LocalRegistry.address();
      ServiceProcesses services =
          ServiceProcesses.start(
              settings(work, github, registry, datacenters), ServiceProcesses.logs("release"));
      return new ReleaseFlow(work, github, registry, datacenters, services);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each service's environment; they stop in the reverse of this order. */
  private static Map<String, Map<String, String>> settings(
      Path work, FakeGitHub github, String registry, List<LocalDatacenter> datacenters) {
    List<String> deployerProperties =
        new ArrayList<>(
            List.of(
                "-Dslipway.deployer.state-dir=" + work.resolve("deployer"),
                "-Dslipway.deployer.insecure-registries=" + registry,
                "-Dslipway.deployer.rollout-timeout=10s",
                "-Dslipway.deployer.rollout-poll-interval=100ms",
                "-Dslipway.deployer.stop-grace=1s"));
    datacenters.forEach(datacenter -> deployerProperties.addAll(datacenter.deployerProperties()));
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    Map<String, String> compiler =
        new HashMap<>(FlowSettings.compiler(work, GitRepository.urlTemplate(work.resolve("git"))));
    compiler.put("SLIPWAY_COMPILER_DATACENTERS", "dc1,dc2");
    settings.put("webhook-gateway", FlowSettings.gateway(SECRET));
    settings.put("task-compiler", compiler);
    settings.put(
        "release-coordinator",
        Map.of(
            "KAFKA_STREAMS_STATE_DIR",
            work.resolve("coordinator").toString(),
            "SLIPWAY_RELEASE_OPERATIONS_TOKEN",
            OPERATIONS_TOKEN));
    settings.put("build-runner", FlowSettings.runner(work, registry));
    settings.put("deployer", Map.of("JAVA_TOOL_OPTIONS", String.join(" ", deployerProperties)));
    settings.put("status-reporter", FlowSettings.reporter(work, github));
    return settings;
  }

  /** A repository the compiler and the runner's clone step reach. */
  GitRepository repository(String fullName) {
    return GitRepository.create(work.resolve("git"), fullName);
  }

  ServiceProcess service(String module) {
    return services.service(module);
  }

  LocalDatacenter datacenter(String name) {
    return datacenters.stream()
        .filter(datacenter -> datacenter.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " is not a datacenter of the flow"));
  }

  FakeGitHub github() {
    return github;
  }

  SignedWebhooks webhooks() {
    return new SignedWebhooks(service("webhook-gateway").baseUrl(), SECRET);
  }

  String registry() {
    return registry;
  }

  /**
   * Commits a tiny web service (busybox httpd serving {@code "<service> <tag>"} at {@code /} and,
   * when healthy, {@code ok} at {@code /healthz}) on main, tags it and publishes the release.
   *
   * @return the tag's commit
   */
  String publish(
      GitRepository repository, String name, String service, String tag, boolean healthy) {
    if (!healthy) {
      repository.remove("www/healthz");
    }
    Map<String, String> files = serviceFiles(service, tag, "/healthz");
    if (healthy) {
      files.put("www/healthz", "ok\n");
    }
    return release(repository, name, tag, files);
  }

  /**
   * Like {@link #publish}, but the service is healthy only from {@code readyAfter} on, as one whose
   * dependency takes a while to warm up: its {@code /cgi-bin/healthz} reads that time from the file
   * {@code /www/ready-after}. A release of it that rolls out before then fails for a passing
   * reason, and a retry of the same image later succeeds.
   */
  String publishWarmingUp(
      GitRepository repository, String name, String service, String tag, Instant readyAfter) {
    Map<String, String> files = serviceFiles(service, tag, "/cgi-bin/healthz");
    files.put("www/ready-after", readyAfter.getEpochSecond() + "\n");
    files.put(
        "www/cgi-bin/healthz",
        """
        #!/bin/busybox sh
        if [ "$(/bin/busybox date +%s)" -ge "$(/bin/busybox cat /www/ready-after)" ]; then
          printf 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nok\\n'
        else
          printf 'HTTP/1.1 503 Service Unavailable\\r\\nContent-Type: text/plain\\r\\n\\r\\nwarming up\\n'
        fi
        """);
    return release(repository, name, tag, files);
  }

  private Map<String, String> serviceFiles(String service, String tag, String health) {
    Map<String, String> files = new HashMap<>();
    files.put(".slipway.yml", pipeline(service, health));
    files.put(
        "Dockerfile",
        "FROM "
            + registry
            + "/busybox:latest\nCOPY www /www\n"
            + "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
    files.put("www/index.html", service + " " + tag + "\n");
    return files;
  }

  /** Commits {@code files}, tags the commit and publishes it as a GitHub release does. */
  private String release(
      GitRepository repository, String name, String tag, Map<String, String> files) {
    String sha = repository.commit("main", files, "Release " + tag);
    repository.tag(tag);
    SignedWebhooks webhooks = webhooks();
    // Whole seconds, as GitHub's published_at: releases published back to back tie, and go in the
    // order their webhooks arrived.
    Instant published = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int answer =
        webhooks.deliver(
            "release",
            UUID.randomUUID().toString(),
            webhooks.releasePayload(name, tag, releaseIds.incrementAndGet(), published));
    if (answer != 202) {
      throw new IllegalStateException(
          "the gateway answered " + answer + " to the release of " + name + " " + tag);
    }
    return sha;
  }

  /** An HTTP answer with its JSON body (empty when it had none). */
  record Answer(int status, JsonNode body) {}

  /** What {@code GET /releases/{owner}/{repo}} of the coordinator shows, as JSON. */
  Answer releases(String repository) {
    return call(
        HttpRequest.newBuilder(
                URI.create(service("release-coordinator").baseUrl() + "/releases/" + repository))
            .header("Accept", "application/json")
            .build());
  }

  /** Asks the coordinator for a rollback, retry or redeploy, as {@code ./slipway release} does. */
  Answer operate(String repository, String operation, int release, List<String> datacenters) {
    ObjectNode body = JSON.createObjectNode();
    body.put("operation", operation);
    body.put("release", release);
    body.put("requestedBy", "e2e");
    datacenters.forEach(body.putArray("datacenters")::add);
    return call(
        HttpRequest.newBuilder(
                URI.create(
                    service("release-coordinator").baseUrl()
                        + "/releases/"
                        + repository
                        + "/operations"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + OPERATIONS_TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  /**
   * What a person does on GitHub to redeploy: creates a deployment of {@code ref} to {@code
   * environment}, and GitHub sends the {@code deployment} webhook.
   *
   * @return the deployment's id
   */
  long deployOnGitHub(String repository, String ref, String sha, String environment) {
    ObjectNode body = JSON.createObjectNode();
    body.put("ref", ref);
    body.put("environment", environment);
    body.putArray("required_contexts");
    body.putObject("payload");
    Answer created =
        call(
            HttpRequest.newBuilder(
                    URI.create(github.url() + "/repos/" + repository + "/deployments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    if (created.status() != 201) {
      throw new IllegalStateException("the fake GitHub answered " + created);
    }
    long id = created.body().get("id").asLong();
    SignedWebhooks webhooks = webhooks();
    int answer =
        webhooks.deliver(
            "deployment",
            UUID.randomUUID().toString(),
            webhooks.deploymentPayload(repository, id, ref, sha, environment, "carol"));
    if (answer != 202) {
      throw new IllegalStateException("the gateway answered " + answer + " to deployment " + id);
    }
    return id;
  }

  private static Answer call(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String pipeline(String service, String health) {
    return """
        release:
          dockerfile: Dockerfile
          context: .
          datacenters: [dc1, dc2]
          mode: queue
        deploy:
          service: %s
          replicas: 2
          port: 8080
          health: %s
        """
        .formatted(service, health);
  }

  @Override
  public void close() {
    services.close();
    datacenters.forEach(LocalDatacenter::close);
    github.close();
    removeReleasedContainers();
  }

  /**
   * The released services outlive the deployer, as on the stack, where {@code down} removes them.
   */
  private void removeReleasedContainers() {
    Path containers = work.resolve("deployer").resolve("containers");
    if (!Files.exists(containers.resolve("storage.conf"))) {
      return;
    }
    ProcessBuilder remove =
        new ProcessBuilder("podman", "rm", "--all", "--force", "--time", "0")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    remove.environment().put("CONTAINERS_CONF", containers.resolve("containers.conf").toString());
    remove
        .environment()
        .put("CONTAINERS_STORAGE_CONF", containers.resolve("storage.conf").toString());
    try {
      remove.start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("podman could not remove the released containers", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
