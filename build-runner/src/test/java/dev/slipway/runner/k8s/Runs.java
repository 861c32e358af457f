package dev.slipway.runner.k8s;

import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.testsupport.TaskPlans;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Runs and settings as the Kubernetes executor's tests use them. */
final class Runs {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String CLONE_URL = "https://github.example/org/shop.git";
  static final TaskResourceLimits LIMITS = TaskResourceLimits.of("2g", "4g", "1", "2");

  private Runs() {}

  static RunRequest request(String runId) {
    return request(runId, 7, SHA);
  }

  static RunRequest request(String runId, int pullRequest, String sha) {
    return new RunRequest(
        TaskPlans.taskPlanned()
            .runId(runId)
            .sha(sha)
            .task("unit tests")
            .pullRequestNumber(pullRequest)
            .cloneUrl(CLONE_URL)
            .contentHash("hash-" + runId)
            .env(Map.of("GREETING", "hi $(HOME) <there>"))
            .build(),
        "cause-" + runId,
        "delivery-1");
  }

  /** The image the fake registry hands out for a task. */
  static String image(TaskPlanned task) {
    return "registry.test:5000/slipway-tasks/org-shop:" + task.contentHash();
  }

  static JobSettings settings() {
    return new JobSettings(
        FakeCluster.NAMESPACE,
        "alpine/git:2.47.2",
        Duration.ofHours(24),
        "500m",
        "512Mi",
        Optional.empty(),
        Optional.of("2Gi"),
        "10Gi",
        "1Gi",
        "12Gi",
        Optional.empty(),
        Optional.of("registry-pull"),
        Duration.ofMillis(20),
        Duration.ofMinutes(5));
  }
}
