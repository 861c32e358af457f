package dev.slipway.runner.k8s;

import dev.slipway.runner.domain.Outcome;
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
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's Jobs in its namespace, for task runs and release builds alike: created once under a
 * name that is the run's (or the release's), and followed by reading the Job and its newest Pod
 * every poll interval until {@link JobOutcome} says it ended. Reading state rather than watching it
 * needs no reconnect logic when the API server restarts or a watch expires: a poll the API did not
 * answer is simply made again at the next interval.
 */
final class Jobs {

  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

  /** Set by the Job controller on the Pods it creates. */
  static final String JOB_NAME_LABEL = "job-name";

  /**
   * How long past its deadline a Job keeps being asked for by an API that does not answer before it
   * ends as an infrastructure failure; the Job's own deadline stops it in the cluster meanwhile.
   */
  private static final Duration UNANSWERED_GRACE = Duration.ofMinutes(1);

  private static final int ATTEMPTS = 3;

  /**
   * How a followed Job ended, and its last Pod (null when there was none) for what the caller reads
   * from it.
   */
  record Ended(Outcome outcome, Pod pod) {}

  private final KubernetesClient client;
  private final JobSettings settings;
  private final RunLogFiles logs;
  private final PodLogs podLogs;
  private final Clock clock;

  Jobs(KubernetesClient client, JobSettings settings, RunLogFiles logs, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.logs = logs;
    this.podLogs = new PodLogs(client, settings.namespace(), logs);
    this.clock = clock;
  }

  /** The Job of this name, null when there is none. */
  Job find(String name) {
    return job(name).get();
  }

  /** Creates the Job; one that exists already under its name is the same one. */
  void create(Job job, String logId) {
    try {
      client.resource(job).create();
    } catch (KubernetesClientException e) {
      // The client retries a create whose answer was lost; the Job it finds then is this one.
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info("{} Job {} exists already, following it", logId, job.getMetadata().getName());
    }
  }

  /**
   * Follows the Job until it ended, the deadline passed (the Job is then deleted) or a stop was
   * asked for (likewise). The main container's output is followed into {@code logId}'s log and
   * copied whole at the end; failed init containers' output goes to its steps.
   *
   * @param container the Job's one regular container, whose exit code is the Job's
   * @throws KubernetesClientException when the API refused, or did not answer until a minute past
   *     the deadline
   */
  Ended follow(
      String logId, String name, String container, Instant deadline, BooleanSupplier stopRequested)
      throws InterruptedException {
    PodLogs.Following following = null;
    String followedPod = null;
    try {
      while (true) {
        try {
          if (stopRequested.getAsBoolean()) {
            delete(name);
            return new Ended(new Outcome.Stopped(), null);
          }
          Job job = find(name);
          if (job == null) {
            return stopRequested.getAsBoolean()
                ? new Ended(new Outcome.Stopped(), null)
                : new Ended(
                    broken(
                        logId,
                        "Job "
                            + settings.namespace()
                            + "/"
                            + name
                            + " was deleted by someone else"),
                    null);
          }
          Pod pod = newestPod(name);
          // One try per Pod: a follow the API refused is not asked for again, the output is copied
          // at the end.
          if (pod != null
              && !pod.getMetadata().getName().equals(followedPod)
              && JobOutcome.running(pod, container)) {
            closeQuietly(following);
            followedPod = pod.getMetadata().getName();
            following = podLogs.follow(logId, followedPod, container);
          }
          Outcome ended =
              JobOutcome.of(job, pod, clock.instant(), settings.scheduleTimeout(), container)
                  .orElse(null);
          if (ended != null) {
            keepOutput(logId, pod, container);
            return new Ended(
                ended instanceof Outcome.Broken broken ? broken(logId, broken.reason()) : ended,
                pod);
          }
          if (!clock.instant().isBefore(deadline)) {
            LOG.info("{} passed its deadline, deleting Job {}", logId, name);
            keepOutput(logId, pod, container);
            delete(name);
            return new Ended(new Outcome.TimedOut(), pod);
          }
        } catch (KubernetesClientException e) {
          throwIfInterrupted();
          if (!isTransient(e) || clock.instant().isAfter(deadline.plus(UNANSWERED_GRACE))) {
            throw e;
          }
          LOG.warn(
              "{} Kubernetes API did not answer ({}), asking again: {}",
              logId,
              e.getCode(),
              e.getMessage());
        }
        Thread.sleep(settings.pollInterval().toMillis());
      }
    } finally {
      closeQuietly(following);
    }
  }

  /** Deletes the Job and, in the background, its Pod; a Job that is gone already is fine. */
  void delete(String name) {
    job(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  /**
   * Deletes a Job that was read to its end, asking again when the API did not answer; one left
   * behind is removed by the cluster after {@code ttl-after-finished}.
   */
  void remove(String name, String logId) {
    for (int attempt = 1; ; attempt++) {
      try {
        delete(name);
        return;
      } catch (KubernetesClientException e) {
        if (!isTransient(e) || attempt == ATTEMPTS) {
          LOG.warn(
              "{} Job {} not removed, the cluster removes it {} after it ended: {}",
              logId,
              name,
              settings.ttlAfterFinished(),
              e.getMessage());
          return;
        }
      }
    }
  }

  /**
   * The runner's Jobs carrying {@code label}, asking again when the API did not answer: right after
   * a log follow ends, the Vert.x client may reuse a connection the server is closing, which
   * fabric8 does not retry (it retries an {@code IOException}, and Vert.x reports a closed
   * connection otherwise).
   */
  List<Job> labelled(String label) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .batch()
            .v1()
            .jobs()
            .inNamespace(settings.namespace())
            .withLabel(label)
            .list()
            .getItems();
      } catch (KubernetesClientException e) {
        if (!isTransient(e) || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "Kubernetes API did not answer a list of Jobs ({}), asking again: {}",
            e.getCode(),
            e.getMessage());
      }
    }
  }

  ScalableResource<Job> job(String name) {
    return client.batch().v1().jobs().inNamespace(settings.namespace()).withName(name);
  }

  /** Seconds from now until {@code deadline}, at least one. */
  long secondsUntil(Instant deadline) {
    long millis = Duration.between(clock.instant(), deadline).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  private Pod newestPod(String name) {
    return client
        .pods()
        .inNamespace(settings.namespace())
        .withLabel(JOB_NAME_LABEL, name)
        .list()
        .getItems()
        .stream()
        .max(
            Comparator.comparing(
                candidate -> Objects.toString(candidate.getMetadata().getCreationTimestamp(), "")))
        .orElse(null);
  }

  private void keepOutput(String logId, Pod pod, String container) {
    if (pod == null) {
      return;
    }
    String podName = pod.getMetadata().getName();
    if (JobOutcome.started(pod, container)) {
      podLogs.copyOutput(logId, podName, container);
    }
    JobOutcome.failedInitContainers(pod)
        .forEach(init -> podLogs.copyStepOutput(logId, podName, init));
  }

  private Outcome broken(String logId, String reason) {
    logs.step(logId, reason);
    return new Outcome.Broken(reason);
  }

  /**
   * No answer, throttling or a server error. The client retries most of these itself, but not a
   * connection that closed under a request (seen when a log follow ends).
   */
  private static boolean isTransient(KubernetesClientException e) {
    return e.getCode() <= 0 || e.getCode() == 429 || e.getCode() >= 500;
  }

  /** fabric8 turns an interrupted call into its own exception and sets the thread's flag again. */
  static void throwIfInterrupted() throws InterruptedException {
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
