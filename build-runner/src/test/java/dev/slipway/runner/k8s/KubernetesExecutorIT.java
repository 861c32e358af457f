package dev.slipway.runner.k8s;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.Envelope;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.TaskPlans;
import dev.slipway.testsupport.registry.LocalRegistry;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The runner application with {@code slipway.executor=kubernetes} on the real broker and registry:
 * a planned task becomes a Job in the (mock) cluster, and the cluster's answer becomes the
 * published states and the run's log.
 */
@QuarkusTest
@TestProfile(KubernetesExecutorIT.OnKubernetes.class)
class KubernetesExecutorIT {

  /** Adds the mock cluster to the module's broker and registry. */
  public static class OnKubernetes implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(MockClusterResource.class));
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(60);

  KubernetesMockServer server;
  @Inject EventPublisher publisher;
  @Inject TaskImages images;

  @Test
  void aPlannedTaskRunsAsAJobAndTheClustersAnswerIsPublished() throws Exception {
    TaskPlanned task =
        TaskPlans.taskPlanned()
            .runId("run-" + UUID.randomUUID())
            .sha(Runs.SHA)
            .pullRequestNumber(1)
            .cloneUrl(Runs.CLONE_URL)
            .baseImage(LocalRegistry.busybox())
            .dockerfile("FROM " + LocalRegistry.busybox())
            .contentHash("k8s-" + UUID.randomUUID())
            .build();
    try (KubernetesClient client = server.createClient();
        EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      FakeCluster cluster = new FakeCluster(client, server);
      publisher.publish(
          Topics.TASK_SPEC,
          Envelope.first(
              "/test", "org/shop", "delivery-" + UUID.randomUUID(), Instant.now(), task));

      Job job = cluster.awaitJob(task.runId());
      assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(images.ensure(task));
      assertThat(images.exists(images.reference(task)))
          .as("pushed before the Job was created")
          .isTrue();
      cluster.podStarted(task.runId());
      cluster.taskExited(task.runId(), 0, "hi\n");

      List<TaskRunStateChanged> events =
          probe.await(event -> isRun(event, task.runId()), 3, WAIT).stream()
              .map(event -> (TaskRunStateChanged) event.data())
              .toList();
      assertThat(events)
          .extracting(TaskRunStateChanged::to)
          .containsExactly(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
      given().get("/runs/" + task.runId() + "/log").then().statusCode(200).body(endsWith("hi\n"));
    }
  }

  private static boolean isRun(Envelope<BuildJobEvent> event, String runId) {
    return event.data() instanceof TaskRunStateChanged changed && changed.runId().equals(runId);
  }
}
