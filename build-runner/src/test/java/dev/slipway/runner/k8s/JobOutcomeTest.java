package dev.slipway.runner.k8s;

import static dev.slipway.runner.k8s.FakeCluster.clonedOk;
import static dev.slipway.runner.k8s.FakeCluster.initializing;
import static dev.slipway.runner.k8s.FakeCluster.podStatus;
import static dev.slipway.runner.k8s.FakeCluster.running;
import static dev.slipway.runner.k8s.FakeCluster.terminated;
import static dev.slipway.runner.k8s.FakeCluster.waiting;
import static dev.slipway.runner.k8s.JobSpecFactory.CHECKOUT_CONTAINER;
import static dev.slipway.runner.k8s.JobSpecFactory.CLONE_CONTAINER;
import static dev.slipway.runner.k8s.JobSpecFactory.TASK_CONTAINER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runner.domain.Outcome;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobOutcomeTest {

  private static final Instant NOW = Instant.parse("2025-05-02T10:10:00Z");
  private static final Duration SCHEDULE_TIMEOUT = Duration.ofMinutes(5);

  private record Case(Job job, Pod pod, Optional<Outcome> expected) {}

  @Test
  void eachClusterStateMeansItsOutcome() {
    Map<String, Case> table = new LinkedHashMap<>();
    table.put("no pod yet", new Case(job(), null, Optional.empty()));
    table.put(
        "cloning",
        stillRunning(
            pod("Pending", List.of(running(CLONE_CONTAINER)), initializing(TASK_CONTAINER))));
    table.put(
        "task container being created",
        stillRunning(
            pod("Pending", clonedOk(), waiting(TASK_CONTAINER, "ContainerCreating", null))));
    table.put("task running", stillRunning(pod("Running", clonedOk(), running(TASK_CONTAINER))));
    table.put(
        "task exited 0",
        endsAs(pod("Succeeded", clonedOk(), terminated(TASK_CONTAINER, 0)), new Outcome.Exited(0)));
    table.put(
        "task exited 3, Job not updated yet",
        endsAs(pod("Failed", clonedOk(), terminated(TASK_CONTAINER, 3)), new Outcome.Exited(3)));
    table.put(
        "task killed at the deadline",
        new Case(
            job("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"),
            pod("Failed", clonedOk(), terminated(TASK_CONTAINER, 137)),
            Optional.of(new Outcome.TimedOut())));
    table.put(
        "deadline passed, pod gone",
        new Case(
            job("Failed", "DeadlineExceeded", null), null, Optional.of(new Outcome.TimedOut())));
    table.put(
        "clone failed",
        endsAs(
            pod(
                "Failed",
                List.of(terminated(CLONE_CONTAINER, 128), initializing(CHECKOUT_CONTAINER)),
                initializing(TASK_CONTAINER)),
            new Outcome.Broken("clone failed with exit code 128")));
    table.put(
        "checkout failed",
        endsAs(
            pod(
                "Failed",
                List.of(terminated(CLONE_CONTAINER, 0), terminated(CHECKOUT_CONTAINER, 1)),
                initializing(TASK_CONTAINER)),
            new Outcome.Broken("checkout failed with exit code 1")));
    table.put(
        "task image not pullable",
        endsAs(
            pod("Pending", clonedOk(), waiting(TASK_CONTAINER, "ErrImagePull", "manifest unknown")),
            new Outcome.Broken("task: ErrImagePull: manifest unknown")));
    table.put(
        "clone image not pullable",
        endsAs(
            pod(
                "Pending",
                List.of(waiting(CLONE_CONTAINER, "ImagePullBackOff", null)),
                initializing(TASK_CONTAINER)),
            new Outcome.Broken("clone: ImagePullBackOff")));
    table.put(
        "unschedulable for a minute", stillRunning(pod(unschedulable("2025-05-02T10:09:00Z"))));
    table.put(
        "unschedulable past the schedule timeout",
        endsAs(
            pod(unschedulable("2025-05-02T10:05:00Z")),
            new Outcome.Broken(
                "pod not schedulable for 300 s: 0/3 nodes are available: 3 Insufficient cpu.")));
    table.put(
        "evicted while the task ran",
        endsAs(
            pod(
                new PodStatusBuilder(
                        podStatus("Failed", clonedOk(), terminated(TASK_CONTAINER, 137)))
                    .withReason("Evicted")
                    .withMessage("The node was low on resource: memory.")
                    .build()),
            new Outcome.Broken("pod Evicted: The node was low on resource: memory.")));
    table.put(
        "Job complete, pod gone",
        new Case(job("Complete", null, null), null, Optional.of(new Outcome.Exited(0))));
    table.put(
        "Job failed, pod gone",
        new Case(
            job("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
            null,
            Optional.of(
                new Outcome.Broken(
                    "Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit"))));

    table.forEach(
        (name, row) ->
            assertThat(JobOutcome.of(row.job(), row.pod(), NOW, SCHEDULE_TIMEOUT))
                .as(name)
                .isEqualTo(row.expected()));
  }

  @Test
  void theTaskHasOutputOnceItStarted() {
    assertThat(
            JobOutcome.taskStarted(
                pod("Pending", clonedOk(), waiting(TASK_CONTAINER, "ContainerCreating", null))))
        .isFalse();
    assertThat(JobOutcome.taskStarted(pod("Running", clonedOk(), running(TASK_CONTAINER))))
        .isTrue();
    assertThat(JobOutcome.taskStarted(pod("Failed", clonedOk(), terminated(TASK_CONTAINER, 1))))
        .isTrue();
    assertThat(JobOutcome.taskRunning(pod("Failed", clonedOk(), terminated(TASK_CONTAINER, 1))))
        .isFalse();
    Pod checkoutFailed =
        pod(
            "Failed",
            List.of(terminated(CLONE_CONTAINER, 0), terminated(CHECKOUT_CONTAINER, 1)),
            initializing(TASK_CONTAINER));
    assertThat(JobOutcome.failedInitContainers(checkoutFailed)).containsExactly(CHECKOUT_CONTAINER);
  }

  /** A Pod the Job has not ended by. */
  private static Case stillRunning(Pod pod) {
    return new Case(job(), pod, Optional.empty());
  }

  /** A Pod that ends the run, whatever the Job says yet. */
  private static Case endsAs(Pod pod, Outcome outcome) {
    return new Case(job(), pod, Optional.of(outcome));
  }

  private static PodStatus unschedulable(String since) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withConditions(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
                .withLastTransitionTime(since)
                .build())
        .build();
  }

  private static Pod pod(String phase, List<ContainerStatus> init, ContainerStatus task) {
    return pod(podStatus(phase, init, task));
  }

  private static Pod pod(PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("slipway-run-run-1-x7k2p")
        .endMetadata()
        .withStatus(status)
        .build();
  }

  private static Job job() {
    return new JobBuilder().withNewMetadata().withName("slipway-run-run-1").endMetadata().build();
  }

  private static Job job(String condition, String reason, String message) {
    return new JobBuilder(job())
        .withNewStatus()
        .withConditions(
            new JobConditionBuilder()
                .withType(condition)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .build())
        .endStatus()
        .build();
  }
}
