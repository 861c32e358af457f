package dev.slipway.runner.k8s;

import static dev.slipway.runner.k8s.JobSpecFactory.CHECKOUT_CONTAINER;
import static dev.slipway.runner.k8s.JobSpecFactory.CLONE_CONTAINER;
import static dev.slipway.runner.k8s.JobSpecFactory.TASK_CONTAINER;
import static dev.slipway.runner.k8s.ReleaseJobSpecFactory.BUILD_CONTAINER;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Job controller and the kubelet against fabric8's mock API server, which has neither:
 * each call makes a run's (or a release build's) Job and Pod look the way a cluster reports them at
 * that step. Container output is served where the API serves pod logs. It uses a client of its own,
 * as the runner does.
 */
final class FakeCluster {

  static final String NAMESPACE = "runs";

  /** Long enough for a runner that assembles and pushes the task image first. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final KubernetesMockServer server;

  FakeCluster(KubernetesClient client, KubernetesMockServer server) {
    this.client = client;
    this.server = server;
  }

  /**
   * A client for the runner, which retries as in production (fewer times, sooner): the mock server
   * may close a kept-alive connection just as the client reuses it, which a request with no retry
   * fails on.
   */
  static KubernetesClient runnerClient(KubernetesMockServer server, int retries) {
    return server.createClient(
        builder ->
            builder
                .editOrNewConfig()
                .withRequestRetryBackoffLimit(retries)
                .withRequestRetryBackoffInterval(10)
                .endConfig());
  }

  /** The run's Job, once the executor created it. */
  Job awaitJob(String runId) {
    return awaitJobNamed(JobKind.RUN.jobName(runId));
  }

  /** The run's Job, read from the namespace's list: the Job's own path belongs to the runner. */
  Job job(String runId) {
    return jobNamed(JobKind.RUN.jobName(runId));
  }

  /** The release build's Job, once the builder created it. */
  Job awaitBuildJob(String releaseId) {
    return awaitJobNamed(JobKind.RELEASE_BUILD.jobName(releaseId));
  }

  Job buildJob(String releaseId) {
    return jobNamed(JobKind.RELEASE_BUILD.jobName(releaseId));
  }

  private Job awaitJobNamed(String name) {
    await().atMost(WAIT).until(() -> jobNamed(name) != null);
    return jobNamed(name);
  }

  private Job jobNamed(String name) {
    return jobs().stream()
        .filter(job -> job.getMetadata().getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
  }

  /** How many times a Job was created in the namespace, by anyone, in this test. */
  int jobCreations() throws InterruptedException {
    int creations = 0;
    for (RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if ("POST".equals(request.getMethod())
          && request.getPath().equals("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs")) {
        creations++;
      }
    }
    return creations;
  }

  /** The Job controller creates the Pod; the kubelet runs the clone step. */
  void podStarted(String runId) {
    podStarted(awaitJob(runId), TASK_CONTAINER);
  }

  private void podStarted(Job job, String container) {
    Map<String, String> labels =
        new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    List<ContainerStatus> cloning =
        List.of(running(CLONE_CONTAINER), initializing(CHECKOUT_CONTAINER));
    labels.put(Jobs.JOB_NAME_LABEL, job.getMetadata().getName());
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podNameOf(job.getMetadata().getName()))
            .withLabels(labels)
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .withStatus(podStatus("Pending", cloning, initializing(container)))
            .build();
    client.pods().inNamespace(NAMESPACE).resource(pod).create();
  }

  /** The release build's Job gets its Pod; the kubelet runs the clone step. */
  void buildPodStarted(String releaseId) {
    podStarted(awaitBuildJob(releaseId), BUILD_CONTAINER);
  }

  /** The clone passed and buildah runs; it printed {@code output} so far. */
  void buildRunning(String releaseId, String output) {
    String job = JobKind.RELEASE_BUILD.jobName(releaseId);
    serveOutputOf(job, BUILD_CONTAINER, output, true);
    setPodStatusOf(job, podStatus("Running", clonedOk(), running(BUILD_CONTAINER)));
  }

  /**
   * The build container ended with {@code exitCode} after printing {@code output}, leaving {@code
   * message} on its termination message (the kubelet reads it from the file); the Job completes or
   * fails.
   */
  void buildEnded(String releaseId, int exitCode, String message, String output) {
    String job = JobKind.RELEASE_BUILD.jobName(releaseId);
    serveOutputOf(job, BUILD_CONTAINER, output, false);
    ContainerStatus build =
        new ContainerStatusBuilder()
            .withName(BUILD_CONTAINER)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withMessage(message)
            .endTerminated()
            .endState()
            .build();
    setPodStatusOf(job, podStatus(exitCode == 0 ? "Succeeded" : "Failed", clonedOk(), build));
    setJobConditionOf(
        job, exitCode == 0 ? "Complete" : "Failed", exitCode == 0 ? null : "BackoffLimitExceeded");
  }

  /** The checkout step failed after printing {@code output}: the commit is not in the clone. */
  void buildCheckoutFailed(String releaseId, String output) {
    String job = JobKind.RELEASE_BUILD.jobName(releaseId);
    serveOutputOf(job, CHECKOUT_CONTAINER, output, false);
    List<ContainerStatus> init =
        List.of(terminated(CLONE_CONTAINER, 0), terminated(CHECKOUT_CONTAINER, 128));
    setPodStatusOf(job, podStatus("Failed", init, initializing(BUILD_CONTAINER)));
    setJobConditionOf(job, "Failed", "BackoffLimitExceeded");
  }

  /** The clone step passed and the task runs; it printed {@code output} so far. */
  void taskRunning(String runId, String output) {
    serveOutput(runId, TASK_CONTAINER, output, true);
    setPodStatus(runId, podStatus("Running", clonedOk(), running(TASK_CONTAINER)));
  }

  /**
   * The task ended with {@code exitCode} after printing {@code output}; the Job completes or fails.
   */
  void taskExited(String runId, int exitCode, String output) {
    serveOutput(runId, TASK_CONTAINER, output, false);
    setPodStatus(
        runId,
        podStatus(
            exitCode == 0 ? "Succeeded" : "Failed",
            clonedOk(),
            terminated(TASK_CONTAINER, exitCode)));
    setJobCondition(
        runId,
        exitCode == 0 ? "Complete" : "Failed",
        exitCode == 0 ? null : "BackoffLimitExceeded");
  }

  /** The clone step failed after printing {@code output}; the task never starts. */
  void cloneFailed(String runId, int exitCode, String output) {
    serveOutput(runId, CLONE_CONTAINER, output, false);
    List<ContainerStatus> init =
        List.of(terminated(CLONE_CONTAINER, exitCode), initializing(CHECKOUT_CONTAINER));
    setPodStatus(runId, podStatus("Failed", init, initializing(TASK_CONTAINER)));
    setJobCondition(runId, "Failed", "BackoffLimitExceeded");
  }

  /** The kubelet cannot pull the task image. */
  void imagePullFailing(String runId) {
    ContainerStatus task =
        waiting(TASK_CONTAINER, "ImagePullBackOff", "Back-off pulling image \"registry.test/x\"");
    setPodStatus(runId, podStatus("Pending", clonedOk(), task));
  }

  /**
   * The Job ran past activeDeadlineSeconds: the controller deletes its Pod, then marks it failed.
   * In this order the runner never sees a failed Job whose Pod is still there, whose whole log this
   * fake does not serve.
   */
  void deadlineExceeded(String runId) {
    client.pods().inNamespace(NAMESPACE).withName(podName(runId)).delete();
    setJobCondition(runId, "Failed", "DeadlineExceeded");
  }

  static String podName(String runId) {
    return podNameOf(JobKind.RUN.jobName(runId));
  }

  private static String podNameOf(String jobName) {
    return jobName + "-x7k2p";
  }

  private void setPodStatus(String runId, PodStatus status) {
    setPodStatusOf(JobKind.RUN.jobName(runId), status);
  }

  private void setPodStatusOf(String jobName, PodStatus status) {
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(podNameOf(jobName)).get();
    pod.setStatus(status);
    client.resource(pod).updateStatus();
  }

  /**
   * Like the Job controller, leaves a Job alone that is gone: the runner removes each once it
   * reported it.
   */
  private void setJobCondition(String runId, String type, String reason) {
    setJobConditionOf(JobKind.RUN.jobName(runId), type, reason);
  }

  private void setJobConditionOf(String jobName, String type, String reason) {
    Job job = jobNamed(jobName);
    if (job == null) {
      return;
    }
    job.setStatus(
        new JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .build())
            .build());
    try {
      client.resource(job).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  /**
   * Answers the log requests for one container: the whole output, or a follow that ends after it.
   */
  private void serveOutput(String runId, String container, String output, boolean follow) {
    serveOutputOf(JobKind.RUN.jobName(runId), container, output, follow);
  }

  private void serveOutputOf(String jobName, String container, String output, boolean follow) {
    String path =
        "/api/v1/namespaces/"
            + NAMESPACE
            + "/pods/"
            + podNameOf(jobName)
            + "/log?pretty=false&container="
            + container;
    server
        .expect()
        .get()
        .withPath(follow ? path + "&follow=true" : path)
        .andReturn(200, output)
        .always();
  }

  static PodStatus podStatus(String phase, List<ContainerStatus> init, ContainerStatus task) {
    return new PodStatusBuilder()
        .withPhase(phase)
        .withInitContainerStatuses(init)
        .withContainerStatuses(task)
        .build();
  }

  static List<ContainerStatus> clonedOk() {
    return List.of(terminated(CLONE_CONTAINER, 0), terminated(CHECKOUT_CONTAINER, 0));
  }

  static ContainerStatus running(String name) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewRunning()
        .withStartedAt("2025-05-02T10:00:00Z")
        .endRunning()
        .endState()
        .build();
  }

  static ContainerStatus terminated(String name, int exitCode) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .endTerminated()
        .endState()
        .build();
  }

  /** Waiting for the containers before it. */
  static ContainerStatus initializing(String name) {
    return waiting(name, "PodInitializing", null);
  }

  static ContainerStatus waiting(String name, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }
}
