package dev.slipway.e2e;

import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.ServiceProcess;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The four services of the pull-request flow, each its own process on a real broker, wired to a
 * local registry holding busybox, bare git repositories on disk and a fake GitHub that the
 * reporter's real client writes to.
 */
final class PullRequestFlow implements AutoCloseable {

  static final String SECRET = "e2e-webhook-secret";

  private final Path work;
  private final FakeGitHub github;
  private final String registry;
  private final List<ServiceProcess> services;
  private final SignedWebhooks webhooks;

  private PullRequestFlow(
      Path work, FakeGitHub github, String registry, List<ServiceProcess> services) {
    this.work = work;
    this.github = github;
    this.registry = registry;
    this.services = services;
    this.webhooks = new SignedWebhooks(services.get(0).baseUrl(), SECRET);
  }

  /** The flow with the reporter's default GitHub write budget (80 a minute, 500 an hour). */
  static PullRequestFlow start() {
    return start(Map.of());
  }

  /**
   * @param reporterSettings environment for the status-reporter on top of the flow's own, e.g. its
   *     budget
   */
  static PullRequestFlow start(Map<String, String> reporterSettings) {
    return start(KafkaBroker.bootstrapServers(), reporterSettings);
  }

  /**
   * @param bootstrapServers the broker all four services use, e.g. one the test stops and starts
   *     again
   * @param reporterSettings environment for the status-reporter on top of the flow's own
   */
  static PullRequestFlow start(String bootstrapServers, Map<String, String> reporterSettings) {
    try {
      Path work = Files.createTempDirectory("slipway-e2e");
      return start(
          work,
          Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers),
          reporterSettings,
          GitRepository.urlTemplate(work.resolve("git")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The flow of a platform that serves organisations: every service gets {@code everyService} (e.g.
   * the organisations file and the credentials folder) on top of the flow's own settings.
   *
   * @param work the flow's folder; its repositories are under {@code work/git}
   * @param gitUrlTemplate where the compiler and the runner read those repositories
   */
  static PullRequestFlow startServing(
      Path work, Map<String, String> everyService, String gitUrlTemplate) {
    return start(
        work,
        with(everyService, Map.of("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers())),
        Map.of(),
        gitUrlTemplate);
  }

  private static PullRequestFlow start(
      Path work,
      Map<String, String> everyService,
      Map<String, String> reporterSettings,
      String gitUrlTemplate) {
    try {
      FakeGitHub github = FakeGitHub.start();
      String registry = LocalRegistry.address();
      Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
      List<ServiceProcess> services =
          List.of(
              ServiceProcess.start(
                  "webhook-gateway",
                  with(everyService, Map.of("SLIPWAY_WEBHOOK_SECRETS", SECRET)),
                  logs),
              ServiceProcess.start(
                  "task-compiler",
                  with(
                      everyService,
                      Map.of(
                          "SLIPWAY_GIT_URL_TEMPLATE",
                          gitUrlTemplate,
                          "SLIPWAY_GIT_WORK_DIR",
                          work.resolve("compiler").toString())),
                  logs),
              ServiceProcess.start(
                  "build-runner",
                  with(
                      everyService,
                      Map.of(
                          "SLIPWAY_RUNNER_ROOT_DIR",
                          work.resolve("runner").toString(),
                          "SLIPWAY_RUNNER_BASE_URL",
                          "http://127.0.0.1:{port}",
                          "SLIPWAY_RUNNER_REGISTRY",
                          registry)),
                  logs),
              ServiceProcess.start(
                  "status-reporter",
                  with(
                      reporterSettings,
                      with(
                          everyService,
                          Map.of(
                              "SLIPWAY_GITHUB_API_URL", github.url(),
                              "SLIPWAY_GITHUB_TOKEN", "e2e-token",
                              "SLIPWAY_REPORTER_STATE_DIR", work.resolve("reporter").toString()))),
                  logs));
      return new PullRequestFlow(work, github, registry, services);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> with(Map<String, String> extra, Map<String, String> base) {
    Map<String, String> all = new java.util.HashMap<>(base);
    all.putAll(extra);
    return all;
  }

  /** A repository the compiler and the runner's clone step reach. */
  GitRepository repository(String fullName) {
    return GitRepository.create(work.resolve("git"), fullName);
  }

  /** The running process of {@code module}, to kill and restart it. */
  ServiceProcess service(String module) {
    return services.stream()
        .filter(service -> service.module().equals(module))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(module + " is not part of the flow"));
  }

  FakeGitHub github() {
    return github;
  }

  SignedWebhooks webhooks() {
    return webhooks;
  }

  /** The busybox base image in the flow's registry. */
  String baseImage() {
    return registry + "/busybox:latest";
  }

  @Override
  public void close() {
    services.forEach(ServiceProcess::close);
    github.close();
  }
}
