package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.platform.containers.Podman;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.domain.SecretResolver;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.state.RunLogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A runner that dies mid-run and a new one that starts on the same folders, with real podman and
 * the real registry. The runner "dies" by having its worker threads cut off without reporting
 * anything more, as kill -9 would; the new runner is a fresh set of instances reading only what the
 * old one left on disk and in podman.
 */
class RunnerRestartIT {

  private final List<TaskRunStateChanged> published = new CopyOnWriteArrayList<>();

  @Test
  void theFinalStateIsReportedOnceAndNoSecondContainerStarts() throws Exception {
    Path root = Files.createTempDirectory("slipway-restart");
    TestRepository repository = TestRepository.create("README", "x\n");
    TaskPlanned task =
        repository
            .task()
            .entrypoint("echo container-started; sleep 4; echo done")
            .timeoutSeconds(120)
            .build();

    RunScheduler first = runner(root);
    first.submit(new RunRequest(task, "cause-1", "delivery-1"));
    RunLogFiles logs = new RunLogFiles(root.resolve("logs"));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> logs.read(task.runId()).contains("container-started"));
    first.close();
    assertThat(published)
        .extracting(TaskRunStateChanged::to)
        .containsExactly(RunState.QUEUED, RunState.STARTED);

    RunScheduler second = runner(root);
    second.recover();
    await().atMost(Duration.ofSeconds(60)).until(() -> published.size() >= 3);
    Podman podman = new Podman(root.resolve("containers"));
    await("the ended run's container removed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !podman.call("container", "exists", "slipway-run-" + task.runId()).ok());
    second.close();

    assertThat(published)
        .extracting(TaskRunStateChanged::to)
        .containsExactly(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
    String log = logs.read(task.runId());
    assertThat(log.split("--- run ", -1)).as("one container started").hasSize(2);
    assertThat(log.split("container-started", -1)).hasSize(2);
    assertThat(log).contains("done");

    RunScheduler third = runner(root);
    third.recover();
    // submit decides on a run it already reported before it returns: nothing runs in the
    // background.
    third.submit(new RunRequest(task, "cause-1", "delivery-1"));
    third.close();
    assertThat(published).as("nothing reported again after a second restart").hasSize(3);
  }

  private RunScheduler runner(Path root) {
    Clock clock = Clock.systemUTC();
    RunLogFiles logs = new RunLogFiles(root.resolve("logs"));
    PodmanExecutor executor =
        PodmanExecutors.under(root)
            .logs(logs)
            .pidsLimit(256)
            .limits(TaskResourceLimits.of("1g", "1g", "1", "1"))
            .build();
    return PodmanRunners.scheduler(
        root,
        2,
        executor,
        new SecretResolver((repository, name) -> Optional.empty()),
        (request, id, event) -> published.add(event),
        logs,
        clock);
  }
}
