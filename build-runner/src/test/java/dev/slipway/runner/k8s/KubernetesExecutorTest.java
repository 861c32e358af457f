package dev.slipway.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.slipway.runner.domain.Execution;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.TaskSecrets;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes executor against fabric8's mock API server in CRUD mode, with the test playing the
 * cluster.
 */
class KubernetesExecutorTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int CLIENT_RETRIES = 2;

  @RegisterExtension static final MockCluster MOCK_CLUSTER = new MockCluster();

  private final KubernetesMockServer server = MOCK_CLUSTER.server();

  /** The cluster's own client; the runner gets one of its own. */
  private final KubernetesClient client = MOCK_CLUSTER.client();

  @TempDir Path folder;

  private final List<String> imagesEnsured = new CopyOnWriteArrayList<>();
  private final ExecutorService runner = Executors.newCachedThreadPool();
  private KubernetesClient runnerClient;
  private FakeCluster cluster;
  private RunLogFiles logs;
  private KubernetesExecutor executor;

  @BeforeEach
  void createExecutor() {
    cluster = new FakeCluster(client, server);
    runnerClient = FakeCluster.runnerClient(server, CLIENT_RETRIES);
    logs = new RunLogFiles(folder.resolve("logs"));
    executor =
        executor(
            task -> {
              imagesEnsured.add(task.runId());
              return Runs.image(task);
            });
  }

  @AfterEach
  void stopRuns() throws InterruptedException {
    // The next test's cluster starts empty: nothing of this one may reach it.
    runner.shutdownNow();
    runner.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
    runnerClient.close();
  }

  private KubernetesExecutor executor(KubernetesExecutor.Images images) {
    return new KubernetesExecutor(
        runnerClient, Runs.settings(), Runs.LIMITS, images, logs, Clock.systemUTC());
  }

  private Future<Execution> execute(RunRequest request, Instant deadline) {
    return runner.submit(() -> executor.execute(request, deadline, TaskSecrets.NONE));
  }

  private Future<Execution> execute(RunRequest request) {
    return execute(request, Instant.now().plusSeconds(60));
  }

  private static Outcome outcome(Future<Execution> execution) throws Exception {
    return execution.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome();
  }

  @Test
  void theJobClonesInAnInitStepAndRunsThePushedImageWithTheDeadlineLabelsAndVolume()
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    Future<Execution> execution = execute(Runs.request("run-1"), deadline);

    Job job = cluster.awaitJob("run-1");
    // What was left of the deadline when the Job was created: at most the seconds left now, rounded
    // up.
    long leftNow = Duration.between(Instant.now(), deadline).toSeconds();
    assertThat(job.getMetadata().getName()).isEqualTo("slipway-run-run-1");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("slipway.run-id", "run-1")
        .containsEntry("slipway.repo", "org.shop")
        .containsEntry("slipway.sha", Runs.SHA)
        .containsEntry("slipway.task", "unit-tests");
    assertThat(job.getMetadata().getAnnotations()).containsEntry("slipway.dev/run-id", "run-1");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isBetween(leftNow, 60L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(24 * 3600);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(job.getMetadata().getLabels());

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("registry-pull");
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getName()).isEqualTo("workspace");
              assertThat(volume.getEmptyDir()).isNotNull();
            });
    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("clone", "checkout");
    Container clone = pod.getInitContainers().get(0);
    assertThat(clone.getImage()).isEqualTo("alpine/git:2.47.2");
    assertThat(clone.getCommand()).containsExactly("git");
    assertThat(clone.getArgs())
        .containsExactly("clone", "--quiet", "--no-checkout", "--", Runs.CLONE_URL, "/workspace");
    assertThat(pod.getInitContainers().get(1).getArgs())
        .containsExactly("-C", "/workspace", "checkout", "--quiet", "--detach", Runs.SHA, "--");
    Container task = pod.getContainers().get(0);
    assertThat(task.getName()).isEqualTo("task");
    assertThat(task.getImage()).isEqualTo("registry.test:5000/slipway-tasks/org-shop:hash-run-1");
    assertThat(task.getWorkingDir()).isEqualTo("/workspace");
    assertThat(task.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(tuple("GREETING", "hi $$(HOME) <there>"));
    assertThat(task.getResources().getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(task.getResources().getLimits()).containsOnlyKeys("memory", "ephemeral-storage");
    for (Container container : List.of(clone, pod.getInitContainers().get(1), task)) {
      assertThat(container.getVolumeMounts())
          .singleElement()
          .satisfies(
              mount -> {
                assertThat(mount.getName()).isEqualTo("workspace");
                assertThat(mount.getMountPath()).isEqualTo("/workspace");
              });
    }

    cluster.podStarted("run-1");
    cluster.taskExited("run-1", 0, "");
    assertThat(outcome(execution)).isEqualTo(new Outcome.Exited(0));
  }

  @Test
  void aRunsSecretsReachItsTaskByReferenceToASecretTheJobOwnsAndAreMaskedInItsLog()
      throws Exception {
    String value = "k8s-s3cr3t-v4lue";
    Future<Execution> execution =
        runner.submit(
            () ->
                executor.execute(
                    Runs.request("run-1"),
                    Instant.now().plusSeconds(60),
                    TaskSecrets.of(Map.of("DEPLOY_KEY", value))));

    Job job = cluster.awaitJob("run-1");
    assertThat(Serialization.asJson(job)).doesNotContain(value);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(variable -> variable.getName().equals("DEPLOY_KEY"))
        .singleElement()
        .satisfies(
            variable -> {
              assertThat(variable.getValue()).isNull();
              assertThat(variable.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("slipway-run-run-1-secrets");
              assertThat(variable.getValueFrom().getSecretKeyRef().getKey())
                  .isEqualTo("DEPLOY_KEY");
            });
    Secret secret =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    client
                        .secrets()
                        .inNamespace(FakeCluster.NAMESPACE)
                        .withName("slipway-run-run-1-secrets")
                        .get(),
                found -> found != null && !found.getMetadata().getOwnerReferences().isEmpty());
    assertThat(secret.getStringData()).containsExactly(Map.entry("DEPLOY_KEY", value));
    assertThat(secret.getImmutable()).isTrue();
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("Job");
              assertThat(owner.getName()).isEqualTo("slipway-run-run-1");
            });

    cluster.podStarted("run-1");
    cluster.taskExited("run-1", 0, "deploying with " + value + "\n");
    assertThat(outcome(execution)).isEqualTo(new Outcome.Exited(0));
    assertThat(logs.read("run-1")).contains("deploying with ***").doesNotContain(value);

    executor.remove("run-1");
    assertThat(
            client
                .secrets()
                .inNamespace(FakeCluster.NAMESPACE)
                .withName("slipway-run-run-1-secrets")
                .get())
        .isNull();
  }

  @Test
  void aTaskThatExitsZeroSucceedsAndItsOutputIsFollowedIntoTheRunLog() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskRunning("run-1", "compiling\n");
    await().atMost(WAIT).until(() -> logs.read("run-1").contains("compiling"));
    assertThat(execution).isNotDone();

    cluster.taskExited("run-1", 0, "compiling\ntests passed\n");

    assertThat(outcome(execution)).isEqualTo(new Outcome.Exited(0));
    assertThat(logs.read("run-1"))
        .contains("--- image registry.test:5000/slipway-tasks/org-shop:hash-run-1")
        .endsWith("compiling\ntests passed\n");
  }

  @Test
  void outputTheKubeletRotatedAwayIsKeptFromTheFollow() throws Exception {
    String rotated = "early line\n".repeat(1000);
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskRunning("run-1", rotated + "last line\n");
    await().atMost(WAIT).until(() -> logs.read("run-1").contains("last line"));

    cluster.taskExited("run-1", 0, "last line\n");

    assertThat(outcome(execution)).isEqualTo(new Outcome.Exited(0));
    assertThat(logs.read("run-1")).endsWith(rotated + "last line\n");
  }

  @Test
  void theTaskContainersExitCodeIsTheRunsExitCode() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskExited("run-1", 3, "src/app.c:3:5: error: unknown type name 'foo'\n");

    assertThat(outcome(execution)).isEqualTo(new Outcome.Exited(3));
    assertThat(logs.read("run-1")).endsWith("src/app.c:3:5: error: unknown type name 'foo'\n");
  }

  @Test
  void aJobThatRanPastItsDeadlineTimedOut() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskRunning("run-1", "sleeping\n");
    await().atMost(WAIT).until(() -> logs.read("run-1").endsWith("sleeping\n"));
    cluster.deadlineExceeded("run-1");

    assertThat(outcome(execution)).isEqualTo(new Outcome.TimedOut());
    assertThat(logs.read("run-1"))
        .as("the followed output outlives the deleted Pod")
        .endsWith("sleeping\n");
  }

  @Test
  void theRunnerDeletesAJobTheClusterLeftRunningPastTheDeadline() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"), Instant.now().plusSeconds(2));

    assertThat(outcome(execution)).isEqualTo(new Outcome.TimedOut());
    assertThat(cluster.jobCreations()).isEqualTo(1);
    assertThat(cluster.job("run-1")).isNull();
  }

  @Test
  void stopDeletesTheJobAndTheRunEndsStopped() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskRunning("run-1", "");

    executor.stop("run-1");

    assertThat(outcome(execution)).isEqualTo(new Outcome.Stopped());
    assertThat(cluster.job("run-1")).isNull();
  }

  @Test
  void aRunStoppedBeforeItsJobExistsGetsNone() throws Exception {
    executor.stop("run-1");

    assertThat(outcome(execute(Runs.request("run-1")))).isEqualTo(new Outcome.Stopped());
    assertThat(cluster.jobs()).isEmpty();
  }

  @Test
  void aRestartedRunnerFollowsTheJobItFindsInsteadOfCreatingASecond() throws Exception {
    RunRequest request = Runs.request("run-1");
    Job existing =
        client
            .resource(
                new JobSpecFactory(Runs.settings())
                    .job(
                        request.task(), Runs.image(request.task()), 60, Optional.empty(), Set.of()))
            .create();
    assertThat(executor.present()).containsExactly("run-1");

    Future<Execution> execution = execute(request);
    cluster.podStarted("run-1");
    cluster.taskExited("run-1", 0, "done\n");

    assertThat(outcome(execution)).isEqualTo(new Outcome.Exited(0));
    assertThat(cluster.jobs())
        .extracting(job -> job.getMetadata().getUid())
        .containsExactly(existing.getMetadata().getUid());
    assertThat(cluster.jobCreations()).as("only the first runner's").isEqualTo(1);
    assertThat(imagesEnsured).isEmpty();
    assertThat(logs.read("run-1")).isEqualTo("done\n");
  }

  @Test
  void removeDeletesTheJobAndPresentNoLongerListsIt() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.taskExited("run-1", 0, "");
    outcome(execution);
    assertThat(executor.present()).containsExactly("run-1");

    executor.remove("run-1");

    assertThat(executor.present()).isEmpty();
    assertThat(cluster.jobs()).isEmpty();
  }

  @Test
  void aFailedCloneIsAnInfrastructureErrorAndItsOutputIsInTheRunLog() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.cloneFailed(
        "run-1", 128, "fatal: repository 'https://github.example/org/shop.git/' not found\n");

    assertThat(outcome(execution)).isEqualTo(new Outcome.Broken("clone failed with exit code 128"));
    assertThat(logs.read("run-1"))
        .contains(
            "--- clone output\nfatal: repository 'https://github.example/org/shop.git/' not found\n")
        .contains("clone failed with exit code 128");
  }

  @Test
  void aTaskImageTheClusterCannotPullIsAnInfrastructureError() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    cluster.imagePullFailing("run-1");

    assertThat(outcome(execution))
        .isEqualTo(
            new Outcome.Broken(
                "task: ImagePullBackOff: Back-off pulling image \"registry.test/x\""));
  }

  @Test
  void aTaskImageThatCannotBeBuiltCreatesNoJob() throws Exception {
    executor =
        executor(
            task -> {
              throw new TaskImages.ImageBuildException(
                  "building the image failed: base image busybox not found", null);
            });

    assertThat(outcome(execute(Runs.request("run-1"))))
        .isEqualTo(new Outcome.Broken("building the image failed: base image busybox not found"));
    assertThat(cluster.jobs()).isEmpty();
    assertThat(logs.read("run-1")).contains("base image busybox not found");
  }

  @Test
  void aShaThatIsNoCommitCreatesNoJob() throws Exception {
    assertThat(outcome(execute(Runs.request("run-1", 7, "--upload-pack=touch /tmp/x"))))
        .isEqualTo(new Outcome.Broken("not a commit sha: --upload-pack=touch /tmp/x"));
    assertThat(cluster.jobs()).isEmpty();
    assertThat(imagesEnsured).isEmpty();
  }

  @Test
  void aPollTheApiServerDidNotAnswerIsMadeAgain() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.podStarted("run-1");
    // More refusals than the client's own retries absorb: several polls fail, and the executor
    // polls again.
    int refusals = 3 * (CLIENT_RETRIES + 1) + 1;
    AtomicInteger refused = new AtomicInteger();
    server
        .expect()
        .get()
        .withPath("/apis/batch/v1/namespaces/runs/jobs/slipway-run-run-1")
        .andReply(503, request -> refused.incrementAndGet() + ": etcd leader changed")
        .times(refusals);
    await().atMost(WAIT).until(() -> refused.get() == refusals);
    cluster.taskExited("run-1", 0, "");

    assertThat(outcome(execution)).isEqualTo(new Outcome.Exited(0));
  }

  @Test
  void aJobDeletedBySomeoneElseIsAnInfrastructureError() throws Exception {
    Future<Execution> execution = execute(Runs.request("run-1"));
    cluster.awaitJob("run-1");
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(FakeCluster.NAMESPACE)
        .withName("slipway-run-run-1")
        .delete();

    assertThat(outcome(execution))
        .isEqualTo(new Outcome.Broken("Job runs/slipway-run-run-1 was deleted by someone else"));
  }

  @Test
  void jobsOfRunIdsThatAreNoDnsLabelsAreNamedByHashAndFoundByAnnotation() throws Exception {
    Future<Execution> execution = execute(Runs.request("Run_1.A"));
    Job job = cluster.awaitJob("Run_1.A");
    assertThat(job.getMetadata().getName()).matches("slipway-run-[0-9a-f]{40}");
    assertThat(job.getMetadata().getLabels()).containsEntry("slipway.run-id", "Run_1.A");
    assertThat(executor.present()).containsExactly("Run_1.A");
    executor.stop("Run_1.A");
    assertThat(outcome(execution)).isEqualTo(new Outcome.Stopped());
  }
}
