package dev.slipway.e2e;

import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.ServiceProcess;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The four services of the pull-request flow, each its own process on a real broker, wired to a
 * local registry holding busybox, bare git repositories on disk and a fake GitHub that the
 * reporter's real client writes to and the compiler reads {@code .slipway.yml} from (the
 * organisations' flow reads its private repositories by git).
 */
final class PullRequestFlow implements AutoCloseable {

  static final String SECRET = "e2e-webhook-secret";

  private final Path work;
  private final FakeGitHub github;
  private final String registry;
  private final ServiceProcesses services;
  private final SignedWebhooks webhooks;

  private PullRequestFlow(
      Path work, FakeGitHub github, String registry, ServiceProcesses services) {
    this.work = work;
    this.github = github;
    this.registry = registry;
    this.services = services;
    this.webhooks = new SignedWebhooks(service("webhook-gateway").baseUrl(), SECRET);
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
    return start(KafkaBroker.bootstrapServers(), reporterSettings, github -> {});
  }

  /**
   * @param bootstrapServers the broker all four services use, e.g. one the test stops and starts
   *     again
   * @param reporterSettings environment for the status-reporter on top of the flow's own
   * @param beforeTheServices what is set up on GitHub before the services start, e.g. a hook the
   *     reporter watches from its start
   */
  static PullRequestFlow start(
      String bootstrapServers,
      Map<String, String> reporterSettings,
      Consumer<FakeGitHub> beforeTheServices) {
    try {
      Path work = Files.createTempDirectory("slipway-e2e");
      return start(
          work,
          Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers),
          reporterSettings,
          GitRepository.urlTemplate(work.resolve("git")),
          true,
          beforeTheServices);
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
        gitUrlTemplate,
        false,
        github -> {});
  }

  /**
   * @param contentsApi whether the compiler reads {@code .slipway.yml} through the fake GitHub's
   *     contents API (what the demo does) rather than by git
   */
  private static PullRequestFlow start(
      Path work,
      Map<String, String> everyService,
      Map<String, String> reporterSettings,
      String gitUrlTemplate,
      boolean contentsApi,
      Consumer<FakeGitHub> beforeTheServices) {
    FakeGitHub github = FakeGitHub.start();
    beforeTheServices.accept(github);
    String registry = LocalRegistry.address();
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    settings.put("webhook-gateway", FlowSettings.gateway(SECRET));
    Map<String, String> compiler = new HashMap<>(FlowSettings.compiler(work, gitUrlTemplate));
    if (contentsApi) {
      github.serveContents(work.resolve("git"));
      compiler.put("SLIPWAY_GIT_CONTENTS_API_URL", github.url());
    }
    settings.put("task-compiler", compiler);
    settings.put("build-runner", FlowSettings.runner(work, registry));
    settings.put("status-reporter", FlowSettings.reporter(work, github));
    settings.replaceAll((module, own) -> with(everyService, own));
    settings.compute("status-reporter", (module, own) -> with(reporterSettings, own));
    ServiceProcesses services = ServiceProcesses.start(settings, ServiceProcesses.logs());
    return new PullRequestFlow(work, github, registry, services);
  }

  private static Map<String, String> with(Map<String, String> extra, Map<String, String> base) {
    Map<String, String> all = new HashMap<>(base);
    all.putAll(extra);
    return all;
  }

  /** A repository the compiler and the runner's clone step reach. */
  GitRepository repository(String fullName) {
    return GitRepository.create(work.resolve("git"), fullName);
  }

  /** The running process of {@code module}, to kill and restart it. */
  ServiceProcess service(String module) {
    return services.service(module);
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

  /**
   * A {@code .slipway.yml} with one task, {@code task}, running {@code commands} one after another
   * in the base image; each command is a YAML scalar as written, quoted or not.
   */
  String oneTask(String task, String... commands) {
    StringBuilder pipeline =
        new StringBuilder("image: " + baseImage() + "\ntasks:\n  " + task + ":\n    cmds:\n");
    for (String command : commands) {
      pipeline.append("      - ").append(command).append('\n');
    }
    return pipeline.toString();
  }

  @Override
  public void close() {
    services.close();
    github.close();
  }
}
