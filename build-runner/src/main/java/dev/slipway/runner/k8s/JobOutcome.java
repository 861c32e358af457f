package dev.slipway.runner.k8s;

import dev.slipway.runner.domain.Outcome;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How a run's Job ended, read from the Job and its Pod as the cluster reports them: the task
 * container's exit code is the task's; a passed deadline is a timeout; anything that kept the task
 * from running (clone, image pull, scheduling, eviction) is an infrastructure failure.
 */
final class JobOutcome {

  /**
   * Reasons a container waits that will not pass by themselves. {@code ErrImagePull} counts: the
   * image was pushed just before the Job was created, so a pull that fails is the cluster's access
   * to the registry, not a race.
   */
  private static final Set<String> BROKEN_WAITING_REASONS =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError");

  private JobOutcome() {}

  /**
   * The outcome once the run ended, empty while it runs.
   *
   * @param pod the Job's Pod, null while there is none
   * @param scheduleTimeout how long the Pod may stay unschedulable
   */
  static Optional<Outcome> of(Job job, Pod pod, Instant now, Duration scheduleTimeout) {
    return of(job, pod, now, scheduleTimeout, JobSpecFactory.TASK_CONTAINER);
  }

  /**
   * The outcome of a Job whose one container is {@code container}: its exit code is the Job's.
   *
   * @param pod the Job's Pod, null while there is none
   */
  static Optional<Outcome> of(
      Job job, Pod pod, Instant now, Duration scheduleTimeout, String container) {
    if (condition(job, "Failed")
        .map(failed -> "DeadlineExceeded".equals(failed.getReason()))
        .orElse(false)) {
      return Optional.of(new Outcome.TimedOut());
    }
    Optional<Outcome> fromPod =
        pod == null ? Optional.empty() : fromPod(pod, now, scheduleTimeout, container);
    if (fromPod.isPresent()) {
      return fromPod;
    }
    if (condition(job, "Complete").isPresent()) {
      // Its Pod is gone already; with no retries, the Job completes only when that one Pod
      // succeeded.
      return Optional.of(new Outcome.Exited(0));
    }
    return condition(job, "Failed")
        .map(
            failed ->
                new Outcome.Broken(
                    "Job failed: " + describe(failed.getReason(), failed.getMessage())));
  }

  /** Whether the task container has started, so it has output to read. */
  static boolean taskStarted(Pod pod) {
    return started(pod, JobSpecFactory.TASK_CONTAINER);
  }

  /** Whether the container has started, so it has output to read. */
  static boolean started(Pod pod, String container) {
    return main(pod, container)
        .map(
            status ->
                status.getState() != null
                    && (status.getState().getRunning() != null
                        || status.getState().getTerminated() != null))
        .orElse(false);
  }

  /** Whether the task container runs now, so its output can be followed. */
  static boolean taskRunning(Pod pod) {
    return running(pod, JobSpecFactory.TASK_CONTAINER);
  }

  /** Whether the container runs now, so its output can be followed. */
  static boolean running(Pod pod, String container) {
    return main(pod, container)
        .map(status -> status.getState() != null && status.getState().getRunning() != null)
        .orElse(false);
  }

  /** The init containers (clone, checkout) that ended with an error. */
  static List<String> failedInitContainers(Pod pod) {
    return statuses(pod, PodStatus::getInitContainerStatuses)
        .filter(JobOutcome::failed)
        .map(ContainerStatus::getName)
        .toList();
  }

  /** How the container ended, empty while it has not. */
  static Optional<ContainerStateTerminated> terminated(Pod pod, String container) {
    return main(pod, container).map(ContainerStatus::getState).map(ContainerState::getTerminated);
  }

  private static Optional<Outcome> fromPod(
      Pod pod, Instant now, Duration scheduleTimeout, String container) {
    PodStatus status = pod.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    if ("Failed".equals(status.getPhase()) && status.getReason() != null) {
      // A reason for the whole Pod means the node gave it up (Evicted, NodeLost, Shutdown),
      // whatever its containers say.
      return Optional.of(
          new Outcome.Broken("pod " + describe(status.getReason(), status.getMessage())));
    }
    Optional<ContainerStatus> failedInit =
        statuses(pod, PodStatus::getInitContainerStatuses).filter(JobOutcome::failed).findFirst();
    if (failedInit.isPresent()) {
      ContainerStatus init = failedInit.get();
      return Optional.of(
          new Outcome.Broken(init.getName() + " failed with exit code " + exitCode(init).get()));
    }
    Optional<Integer> taskExit = main(pod, container).flatMap(JobOutcome::exitCode);
    if (taskExit.isPresent()) {
      return Optional.of(new Outcome.Exited(taskExit.get()));
    }
    Optional<ContainerStatus> stuck =
        Stream.concat(
                statuses(pod, PodStatus::getInitContainerStatuses),
                statuses(pod, PodStatus::getContainerStatuses))
            .filter(
                candidate ->
                    candidate.getState() != null && candidate.getState().getWaiting() != null)
            .filter(
                candidate ->
                    BROKEN_WAITING_REASONS.contains(candidate.getState().getWaiting().getReason()))
            .findFirst();
    if (stuck.isPresent()) {
      var waiting = stuck.get().getState().getWaiting();
      return Optional.of(
          new Outcome.Broken(
              stuck.get().getName() + ": " + describe(waiting.getReason(), waiting.getMessage())));
    }
    return unschedulable(status)
        .filter(
            condition ->
                !now.isBefore(
                    Instant.parse(condition.getLastTransitionTime()).plus(scheduleTimeout)))
        .map(
            condition ->
                new Outcome.Broken(
                    "pod "
                        + describe(
                            "not schedulable for " + scheduleTimeout.toSeconds() + " s",
                            condition.getMessage())));
  }

  private static Optional<PodCondition> unschedulable(PodStatus status) {
    return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
        .filter(
            condition ->
                "PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus()))
        .filter(
            condition ->
                "Unschedulable".equals(condition.getReason())
                    && condition.getLastTransitionTime() != null)
        .findFirst();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(
            condition -> type.equals(condition.getType()) && "True".equals(condition.getStatus()))
        .findFirst();
  }

  private static Optional<ContainerStatus> main(Pod pod, String container) {
    return statuses(pod, PodStatus::getContainerStatuses)
        .filter(status -> container.equals(status.getName()))
        .findFirst();
  }

  private static Stream<ContainerStatus> statuses(
      Pod pod, Function<PodStatus, List<ContainerStatus>> which) {
    if (pod.getStatus() == null || which.apply(pod.getStatus()) == null) {
      return Stream.empty();
    }
    return which.apply(pod.getStatus()).stream();
  }

  private static boolean failed(ContainerStatus status) {
    return exitCode(status).map(code -> code != 0).orElse(false);
  }

  private static Optional<Integer> exitCode(ContainerStatus status) {
    if (status.getState() == null || status.getState().getTerminated() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(status.getState().getTerminated().getExitCode());
  }

  private static String describe(String reason, String message) {
    return message == null || message.isBlank() ? reason : reason + ": " + message;
  }
}
