package dev.slipway.runner.k8s;

import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskResources;
import dev.slipway.runner.domain.Execution;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.TaskExecutor;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.domain.TaskSecrets;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunFiles;
import dev.slipway.runner.state.RunLogFiles;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task as a Kubernetes Job (see {@link JobSpecFactory}) and follows it ({@link Jobs})
 * until {@link JobOutcome} says it ended. The Job's name is the run's, so a restarted runner
 * follows the Job it finds instead of creating a second one.
 */
public final class KubernetesExecutor implements TaskExecutor {

  /**
   * Makes sure a task's image is in the registry and returns its reference ({@link
   * TaskImages#ensure}).
   */
  @FunctionalInterface
  public interface Images {
    String ensure(TaskPlanned task) throws InterruptedException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutor.class);

  private final KubernetesClient client;
  private final JobSettings settings;
  private final TaskResourceLimits resourceLimits;
  private final JobSpecFactory specs;
  private final Jobs jobs;
  private final Images images;
  private final RunLogFiles logs;
  private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();

  public KubernetesExecutor(
      KubernetesClient client,
      JobSettings settings,
      TaskResourceLimits resourceLimits,
      Images images,
      RunLogFiles logs,
      Clock clock) {
    this.client = client;
    this.settings = settings;
    this.resourceLimits = resourceLimits;
    this.specs = new JobSpecFactory(settings);
    this.jobs = new Jobs(client, settings, logs, clock);
    this.images = images;
    this.logs = logs;
  }

  @Override
  public Execution execute(RunRequest request, Instant deadline, TaskSecrets secrets)
      throws InterruptedException {
    String runId = RunFiles.checked(request.runId());
    logs.mask(runId, secrets.masker());
    String name = JobKind.RUN.jobName(runId);
    try {
      if (jobs.find(name) == null) {
        Outcome refused = create(request.task(), secrets, name, deadline);
        if (refused != null) {
          return Execution.of(refused);
        }
      } else {
        LOG.info("run={} following its existing Job {}/{}", runId, settings.namespace(), name);
      }
      return Execution.of(
          jobs.follow(
                  runId,
                  name,
                  JobSpecFactory.TASK_CONTAINER,
                  deadline,
                  () -> stopRequested.contains(runId))
              .outcome());
    } catch (KubernetesClientException e) {
      Jobs.throwIfInterrupted();
      return Execution.of(broken(logs, runId, "Kubernetes API failed: " + e.getMessage()));
    }
  }

  /**
   * @return why the Job was not created, or null when it was
   */
  private Outcome create(TaskPlanned task, TaskSecrets secrets, String name, Instant deadline)
      throws InterruptedException {
    String runId = task.runId();
    if (!GitCheckout.isCommit(task.sha())) {
      return broken(logs, runId, "not a commit sha: " + task.sha());
    }
    String image;
    try {
      image = images.ensure(task);
    } catch (TaskImages.ImageBuildException e) {
      return broken(logs, runId, e.getMessage());
    }
    if (stopRequested.contains(runId)) {
      return new Outcome.Stopped();
    }
    logs.step(runId, "--- image " + image);
    logs.step(
        runId,
        "--- Job "
            + settings.namespace()
            + "/"
            + name
            + ": clone "
            + task.repository()
            + " at "
            + task.sha()
            + ", run "
            + task.task());
    Optional<TaskResourceLimits.Granted> granted =
        Optional.of(task.resources())
            .filter(asked -> !asked.equals(TaskResources.PLATFORM_DEFAULTS))
            .map(resourceLimits::grant);
    granted.ifPresent(resources -> resources.notes().forEach(note -> logs.step(runId, note)));
    if (!secrets.isEmpty()) {
      client
          .resource(specs.secret(task, secrets.environment()))
          .createOr(NonDeletingOperation::update);
    }
    jobs.create(
        specs.job(
            task, image, jobs.secondsUntil(deadline), granted, secrets.environment().keySet()),
        "run=" + runId);
    if (!secrets.isEmpty()) {
      ownSecretByJob(runId, name);
    }
    return null;
  }

  /**
   * Makes the run's Job the owner of its Secret, so the cluster deletes the values with the Job (by
   * the runner, or by {@code ttlSecondsAfterFinished} when the runner could not).
   */
  private void ownSecretByJob(String runId, String name) {
    Job job = jobs.find(name);
    client
        .secrets()
        .inNamespace(settings.namespace())
        .withName(JobSpecFactory.secretName(runId))
        .edit(
            secret ->
                new SecretBuilder(secret)
                    .editMetadata()
                    .withOwnerReferences(
                        new OwnerReferenceBuilder()
                            .withApiVersion("batch/v1")
                            .withKind("Job")
                            .withName(name)
                            .withUid(job.getMetadata().getUid())
                            .build())
                    .endMetadata()
                    .build());
  }

  @Override
  public void stop(String runId) {
    stopRequested.add(runId);
    try {
      jobs.delete(JobKind.RUN.jobName(RunFiles.checked(runId)));
    } catch (KubernetesClientException e) {
      LOG.warn("run={} Job not deleted yet, its follower tries again: {}", runId, e.getMessage());
    }
  }

  @Override
  public Set<String> present() {
    return jobs.labelled(JobKind.RUN.idLabel()).stream()
        .map(job -> job.getMetadata().getAnnotations())
        .filter(Objects::nonNull)
        .map(annotations -> annotations.get(JobKind.RUN.idAnnotation()))
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
  }

  @Override
  public void remove(String runId) {
    jobs.remove(JobKind.RUN.jobName(RunFiles.checked(runId)), "run=" + runId);
    try {
      client
          .secrets()
          .inNamespace(settings.namespace())
          .withName(JobSpecFactory.secretName(runId))
          .delete();
    } catch (KubernetesClientException e) {
      LOG.warn("run={} Secret not deleted, it goes with its Job: {}", runId, e.getMessage());
    }
    stopRequested.remove(runId);
    logs.unmask(runId);
  }

  private static Outcome broken(RunLogFiles logs, String runId, String reason) {
    logs.step(runId, reason);
    return new Outcome.Broken(reason);
  }
}
