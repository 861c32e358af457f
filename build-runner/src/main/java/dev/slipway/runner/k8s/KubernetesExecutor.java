package dev.slipway.runner.k8s;

import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.Execution;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.TaskExecutor;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunFiles;
import dev.slipway.runner.state.RunLogFiles;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task as a Kubernetes Job (see {@link JobSpecFactory}) and follows it by reading the Job
 * and its Pod every poll interval until {@link JobOutcome} says it ended. The Job's name is the run's,
 * so a restarted runner follows the Job it finds instead of creating a second one. Reading state
 * rather than watching it needs no reconnect logic when the API server restarts or a watch expires:
 * a poll the API did not answer is simply made again at the next interval.
 */
public final class KubernetesExecutor implements TaskExecutor {

  /** Makes sure a task's image is in the registry and returns its reference ({@link TaskImages#ensure}). */
  @FunctionalInterface
  public interface Images {
    String ensure(TaskPlanned task) throws InterruptedException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutor.class);
  /** Set by the Job controller on the Pods it creates. */
  static final String JOB_NAME_LABEL = "job-name";
  /**
   * How long past its deadline a run keeps asking an API that does not answer before it ends as an
   * infrastructure failure; the Job's own deadline stops it in the cluster meanwhile.
   */
  private static final Duration UNANSWERED_GRACE = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final JobSettings settings;
  private final JobSpecFactory jobs;
  private final Images images;
  private final RunLogFiles logs;
  private final PodLogs podLogs;
  private final Clock clock;
  private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();

  public KubernetesExecutor(KubernetesClient client, JobSettings settings, Images images, RunLogFiles logs, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.jobs = new JobSpecFactory(settings);
    this.images = images;
    this.logs = logs;
    this.podLogs = new PodLogs(client, settings.namespace(), logs);
    this.clock = clock;
  }

  @Override
  public Execution execute(RunRequest request, Instant deadline) throws InterruptedException {
    String runId = RunFiles.checked(request.runId());
    String name = JobSpecFactory.jobName(runId);
    try {
      if (job(name).get() == null) {
        Outcome refused = create(request.task(), name, deadline);
        if (refused != null) {
          return Execution.of(refused);
        }
      } else {
        LOG.info("run={} following its existing Job {}/{}", runId, settings.namespace(), name);
      }
      return Execution.of(follow(runId, name, deadline));
    } catch (KubernetesClientException e) {
      throwIfInterrupted();
      logs.step(runId, "Kubernetes API failed: " + e.getMessage());
      return Execution.of(new Outcome.Broken("Kubernetes API failed: " + e.getMessage()));
    }
  }

  /** @return why the Job was not created, or null when it was */
  private Outcome create(TaskPlanned task, String name, Instant deadline) throws InterruptedException {
    String runId = task.runId();
    if (!GitCheckout.isCommit(task.sha())) {
      logs.step(runId, "not a commit sha: " + task.sha());
      return new Outcome.Broken("not a commit sha: " + task.sha());
    }
    String image;
    try {
      image = images.ensure(task);
    } catch (TaskImages.ImageBuildException e) {
      logs.step(runId, e.getMessage());
      return new Outcome.Broken(e.getMessage());
    }
    if (stopRequested.contains(runId)) {
      return new Outcome.Stopped();
    }
    logs.step(runId, "--- image " + image);
    logs.step(
        runId,
        "--- Job " + settings.namespace() + "/" + name + ": clone " + task.repository() + " at " + task.sha()
            + ", run " + task.task());
    Job job = jobs.job(task, image, secondsUntil(deadline));
    try {
      client.resource(job).create();
    } catch (KubernetesClientException e) {
      // The client retries a create whose answer was lost; the Job it finds then is this run's.
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info("run={} Job {} exists already, following it", runId, name);
    }
    return null;
  }

  private Outcome follow(String runId, String name, Instant deadline) throws InterruptedException {
    PodLogs.Following following = null;
    String followedPod = null;
    try {
      while (true) {
        try {
          if (stopRequested.contains(runId)) {
            delete(name);
            return new Outcome.Stopped();
          }
          Observed observed = observe(name);
          if (observed.job() == null) {
            return stopRequested.contains(runId)
                ? new Outcome.Stopped()
                : broken(runId, "Job " + settings.namespace() + "/" + name + " was deleted by someone else");
          }
          Pod pod = observed.pod();
          // One try per Pod: a follow the API refused is not asked for again, the output is copied at the end.
          if (pod != null && !pod.getMetadata().getName().equals(followedPod) && JobOutcome.taskRunning(pod)) {
            closeQuietly(following);
            followedPod = pod.getMetadata().getName();
            following = podLogs.follow(runId, followedPod);
          }
          Outcome ended = JobOutcome.of(observed.job(), pod, clock.instant(), settings.scheduleTimeout()).orElse(null);
          if (ended != null) {
            keepOutput(runId, pod);
            return ended instanceof Outcome.Broken broken ? broken(runId, broken.reason()) : ended;
          }
          if (!clock.instant().isBefore(deadline)) {
            LOG.info("run={} passed its deadline, deleting Job {}", runId, name);
            keepOutput(runId, pod);
            delete(name);
            return new Outcome.TimedOut();
          }
        } catch (KubernetesClientException e) {
          throwIfInterrupted();
          if (!isTransient(e) || clock.instant().isAfter(deadline.plus(UNANSWERED_GRACE))) {
            throw e;
          }
          LOG.warn("run={} Kubernetes API did not answer ({}), asking again: {}", runId, e.getCode(), e.getMessage());
        }
        Thread.sleep(settings.pollInterval().toMillis());
      }
    } finally {
      closeQuietly(following);
    }
  }

  /** The Job (null when it is gone) and its newest Pod (null while there is none). */
  private Observed observe(String name) {
    Job job = job(name).get();
    if (job == null) {
      return new Observed(null, null);
    }
    Pod pod =
        client.pods().inNamespace(settings.namespace()).withLabel(JOB_NAME_LABEL, name).list().getItems().stream()
            .max(Comparator.comparing(candidate -> Objects.toString(candidate.getMetadata().getCreationTimestamp(), "")))
            .orElse(null);
    return new Observed(job, pod);
  }

  private record Observed(Job job, Pod pod) {}

  private void keepOutput(String runId, Pod pod) {
    if (pod == null) {
      return;
    }
    String podName = pod.getMetadata().getName();
    if (JobOutcome.taskStarted(pod)) {
      podLogs.copyTaskOutput(runId, podName);
    }
    JobOutcome.failedInitContainers(pod).forEach(container -> podLogs.copyStepOutput(runId, podName, container));
  }

  private Outcome broken(String runId, String reason) {
    logs.step(runId, reason);
    return new Outcome.Broken(reason);
  }

  @Override
  public void stop(String runId) {
    stopRequested.add(runId);
    try {
      delete(JobSpecFactory.jobName(RunFiles.checked(runId)));
    } catch (KubernetesClientException e) {
      LOG.warn("run={} Job not deleted yet, its follower tries again: {}", runId, e.getMessage());
    }
  }

  @Override
  public Set<String> present() {
    return client.batch().v1().jobs().inNamespace(settings.namespace()).withLabel(JobSpecFactory.RUN_ID_LABEL).list()
        .getItems().stream()
        .map(job -> job.getMetadata().getAnnotations())
        .filter(Objects::nonNull)
        .map(annotations -> annotations.get(JobSpecFactory.RUN_ID_ANNOTATION))
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
  }

  @Override
  public void remove(String runId) {
    String name = JobSpecFactory.jobName(RunFiles.checked(runId));
    try {
      delete(name);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "run={} Job {} not removed, the cluster removes it {} after it ended: {}",
          runId, name, settings.ttlAfterFinished(), e.getMessage());
    }
    stopRequested.remove(runId);
  }

  /** Deletes the Job and, in the background, its Pod; a Job that is gone already is fine. */
  private void delete(String name) {
    job(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  private ScalableResource<Job> job(String name) {
    return client.batch().v1().jobs().inNamespace(settings.namespace()).withName(name);
  }

  private long secondsUntil(Instant deadline) {
    long millis = Duration.between(clock.instant(), deadline).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  /**
   * No answer, throttling or a server error. The client retries most of these itself, but not a
   * connection that closed under a request (seen when a log follow ends).
   */
  private static boolean isTransient(KubernetesClientException e) {
    return e.getCode() <= 0 || e.getCode() == 429 || e.getCode() >= 500;
  }

  /** fabric8 turns an interrupted call into its own exception and sets the thread's flag again. */
  private static void throwIfInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while calling the Kubernetes API");
    }
  }

  private static void closeQuietly(PodLogs.Following following) {
    if (following != null) {
      following.close();
    }
  }
}
