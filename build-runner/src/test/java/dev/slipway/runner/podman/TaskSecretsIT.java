package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.platform.organisations.CredentialsFolder;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.domain.SecretResolver;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.secrets.FolderSecrets;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.TaskPlans;
import dev.slipway.testsupport.git.FakeGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets and private repositories through the scheduler, the podman executor, real podman, the
 * real registry and a git server that wants the owner's token: what a task prints of its secret is
 * masked in its log and status, a fork's run gets none, a secret that is not there fails the run.
 */
class TaskSecretsIT {

  private static final String SECRET = "s3cr3t-d3pl0y-k3y";
  private static final String TOKEN = "ghs_runner-clone-token";

  private static Path root;
  private static TestRepository repository;
  private static FakeGitServer git;
  private static RunLogFiles logs;
  private static RunScheduler scheduler;
  private static final List<TaskRunStateChanged> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory("slipway-secrets");
    repository = TestRepository.create("README", "private\n");
    repository.serveAs(root.resolve("git"), "org/shop");
    repository.serveAs(root.resolve("git"), "closed/shop");
    git =
        FakeGitServer.serving(root.resolve("git"))
            .requireToken("org", TOKEN)
            .requireToken("closed", "closed-token");
    Files.createDirectories(root.resolve("secrets/org/shop"));
    Files.writeString(root.resolve("secrets/org/shop/deploy-key"), SECRET + "\n");
    CredentialsFolder credentials = new CredentialsFolder(root.resolve("credentials"));
    credentials.write("org", TOKEN);

    Clock clock = Clock.systemUTC();
    logs = new RunLogFiles(root.resolve("logs"));
    PodmanExecutor executor =
        PodmanExecutors.under(root)
            .checkout(new GitCheckout(Optional.of(credentials)))
            .logs(logs)
            .pidsLimit(256)
            .build();
    scheduler =
        PodmanRunners.scheduler(
            root,
            2,
            executor,
            new SecretResolver(new FolderSecrets(root.resolve("secrets"))),
            (request, id, event) -> published.add(event),
            logs,
            clock);
  }

  @AfterAll
  static void stop() {
    scheduler.close();
    git.close();
  }

  @Test
  void aTrustedRunsTaskGetsItsSecretAndWhatItPrintsOfItIsMasked() {
    TaskPlanned task =
        task("echo \"key=$DEPLOY_KEY\"\n"
                + "head=${DEPLOY_KEY%?????????}\n"
                + "printf 'split:%s' \"$head\"\n"
                + "sleep 1\n"
                + "printf '%s:end\\n' \"${DEPLOY_KEY#$head}\"\n"
                + "echo \"error: deploy key $DEPLOY_KEY was refused\"\n"
                + "exit 3\n")
            .secrets(Map.of("DEPLOY_KEY", "deploy-key"))
            .build();

    TaskRunStateChanged failed = run(task);

    String log = logs.read(task.runId());
    assertThat(failed.to()).as(log).isEqualTo(RunState.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(log)
        .contains("key=***", "split:***:end", "error: deploy key *** was refused")
        .doesNotContain(SECRET, SECRET.substring(0, 8), TOKEN);
    assertThat(failed.detail()).contains("deploy key *** was refused");
    assertThat(failed.errors().toString()).doesNotContain(SECRET);
    assertThat(git.requests()).anyMatch(FakeGitServer.Request::authorized);
  }

  @Test
  void aForksRunGetsNoSecretAndSeesWhichWereWithheld() {
    TaskPlanned task =
        task("echo \"withheld=$SLIPWAY_WITHHELD_SECRETS key=[${DEPLOY_KEY:-none}]\"")
            .fork()
            .env(Map.of("SLIPWAY_WITHHELD_SECRETS", "DEPLOY_KEY"))
            .secrets(Map.of("DEPLOY_KEY", "deploy-key"))
            .build();

    TaskRunStateChanged succeeded = run(task);

    String log = logs.read(task.runId());
    assertThat(succeeded.to()).as(log).isEqualTo(RunState.SUCCEEDED);
    assertThat(log).contains("withheld=DEPLOY_KEY key=[none]");
  }

  @Test
  void aSecretThatIsNotDefinedFailsTheRunBeforeItsContainer() {
    TaskPlanned task = task("echo never").secrets(Map.of("NPM_TOKEN", "npm-token")).build();

    TaskRunStateChanged failed = run(task);

    assertThat(failed.to()).isEqualTo(RunState.FAILED);
    assertThat(failed.detail()).isEqualTo("secret npm-token is not defined for org/shop");
    assertThat(failed.exitCode()).isNull();
    assertThat(logs.read(task.runId())).doesNotContain("--- run", "never");
  }

  @Test
  void withoutItsOwnersTokenAPrivateRepositoryIsNotClonedAndTheErrorNamesNoToken() {
    TaskPlanned task =
        task("echo cloned").repository("closed/shop").cloneUrl(git.cloneUrl("closed/shop")).build();

    TaskRunStateChanged error = run(task);

    assertThat(error.to()).isEqualTo(RunState.ERROR);
    assertThat(error.detail())
        .startsWith("clone failed: git: " + git.cloneUrl("closed/shop"))
        .doesNotContain(TOKEN, "closed-token");
    assertThat(logs.read(task.runId())).doesNotContain(TOKEN, "closed-token", "cloned");
  }

  private static TaskPlans task(String entrypoint) {
    return repository
        .task()
        .repository("org/shop")
        .cloneUrl(git.cloneUrl("org/shop"))
        .entrypoint(entrypoint)
        .timeoutSeconds(120);
  }

  private static TaskRunStateChanged run(TaskPlanned task) {
    scheduler.submit(new RunRequest(task, "cause-" + task.runId(), "delivery-1"));
    await().atMost(Duration.ofSeconds(120)).until(() -> finalState(task.runId()).isPresent());
    return finalState(task.runId()).orElseThrow();
  }

  private static Optional<TaskRunStateChanged> finalState(String runId) {
    return published.stream()
        .filter(event -> event.runId().equals(runId) && event.to().isTerminal())
        .findFirst();
  }
}
