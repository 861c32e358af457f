package dev.slipway.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.runner.domain.CompilerErrorOutput;
import dev.slipway.runner.domain.OrganisationLimits;
import dev.slipway.runner.domain.PublishedRuns;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.domain.SecretResolver;
import dev.slipway.runner.errors.ErrorNormalizer;
import dev.slipway.runner.state.FileRunJournal;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.kubernetes.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's scheduler with the Kubernetes executor, against the mock API server: Job and Pod
 * states become the same state changes the podman executor's containers do.
 */
class KubernetesRunSchedulerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension static final MockCluster MOCK_CLUSTER = new MockCluster();

  private final KubernetesMockServer server = MOCK_CLUSTER.server();

  /** The cluster's own client; the runner gets one of its own. */
  private final KubernetesClient client = MOCK_CLUSTER.client();

  @TempDir Path folder;

  private final PublishedRuns published = new PublishedRuns(WAIT);
  private final List<KubernetesClient> runnerClients = new CopyOnWriteArrayList<>();
  private FakeCluster cluster;
  private RunScheduler scheduler;

  @BeforeEach
  void startScheduler() {
    cluster = new FakeCluster(client, server);
    scheduler = scheduler();
  }

  @AfterEach
  void stopScheduler() {
    scheduler.close();
    runnerClients.forEach(KubernetesClient::close);
  }

  /**
   * A runner on the test's folders, as a fresh process would be: its own client, no memory but the
   * journal.
   */
  private RunScheduler scheduler() {
    KubernetesClient runnerClient = server.createClient();
    runnerClients.add(runnerClient);
    RunLogFiles logs = new RunLogFiles(folder.resolve("logs"));
    KubernetesExecutor executor =
        new KubernetesExecutor(
            runnerClient, Runs.settings(), Runs.LIMITS, Runs::image, logs, Clock.systemUTC());
    return new RunScheduler(
        2,
        new OrganisationLimits(() -> new Organisations(List.of())),
        executor,
        new SecretResolver((repository, name) -> Optional.empty()),
        published,
        new FileRunJournal(folder.resolve("state")),
        logs,
        new ErrorNormalizer(),
        Clock.systemUTC(),
        "http://runner.example",
        Executors.newCachedThreadPool(),
        (from, run) -> {});
  }

  @Test
  void aPassingTaskIsQueuedStartedAndSucceedsAndItsJobIsRemoved() {
    scheduler.submit(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskRunning("run-1", "testing\n");
    published.awaitState("run-1", RunState.STARTED);
    cluster.taskExited("run-1", 0, "testing\nok\n");

    List<TaskRunStateChanged> events =
        published.awaitStates("run-1", RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
    assertThat(published.eventIds())
        .containsExactly("run-1.queued", "run-1.started", "run-1.succeeded");
    assertThat(events.get(2).exitCode()).isZero();
    assertThat(events.get(2).logUrl()).isEqualTo("http://runner.example/runs/run-1");
    await().atMost(WAIT).until(() -> cluster.jobs().isEmpty());
  }

  @Test
  void aFailingTaskReportsItsExitCodeAndTheErrorFromItsOutput() {
    scheduler.submit(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskExited("run-1", 3, CompilerErrorOutput.OUTPUT);

    CompilerErrorOutput.assertReported(published.awaitEnd("run-1", RunState.FAILED), 3);
  }

  @Test
  void aJobPastItsDeadlineIsTimedOut() {
    scheduler.submit(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.deadlineExceeded("run-1");

    assertThat(published.awaitEnd("run-1", RunState.TIMED_OUT).detail())
        .isEqualTo("did not finish within 60 s");
  }

  @Test
  void aFailedCloneIsAnError() {
    scheduler.submit(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.cloneFailed("run-1", 128, "fatal: could not read Username\n");

    assertThat(published.awaitEnd("run-1", RunState.ERROR).detail())
        .isEqualTo("clone failed with exit code 128");
  }

  @Test
  void aNewerHeadCancelsTheRunningRunByDeletingItsJob() {
    scheduler.submit(Runs.request("run-1", 7, Runs.SHA));
    cluster.podStarted("run-1");
    cluster.taskRunning("run-1", "");
    published.awaitState("run-1", RunState.STARTED);

    scheduler.cancel(
        "org/shop", new RunsCancelled("org/shop", 7, "feedc0de", RunsCancelled.SUPERSEDED));

    assertThat(published.awaitEnd("run-1", RunState.CANCELLED).detail())
        .isEqualTo(RunsCancelled.SUPERSEDED);
    assertThat(cluster.job("run-1")).isNull();
  }

  @Test
  void aRestartedRunnerFollowsTheRunningJobAndReportsItsEndOnce() throws Exception {
    scheduler.submit(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskRunning("run-1", "");
    published.awaitState("run-1", RunState.STARTED);
    scheduler.close();

    scheduler = scheduler();
    scheduler.recover();
    cluster.taskExited("run-1", 0, "");

    published.awaitStates("run-1", RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
    assertThat(published.eventIds())
        .containsExactly("run-1.queued", "run-1.started", "run-1.succeeded");
    assertThat(cluster.jobCreations()).isEqualTo(1);
  }
}
