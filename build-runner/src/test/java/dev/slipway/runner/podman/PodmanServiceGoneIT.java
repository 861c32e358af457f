package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.state.RunLogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner's podman API service ends (killed, or after its idle hour) between two runs: the next
 * run starts it again and runs as usual, with real podman and the real registry.
 */
class PodmanServiceGoneIT {

  @Test
  void aRunAfterTheApiServiceWasKilledStartsItAgainAndRuns() throws Exception {
    Path root = Files.createTempDirectory("slipway-service-gone");
    PodmanExecutors executors = PodmanExecutors.under(root);
    PodmanExecutor executor = executors.build();
    RunLogFiles logs = executors.logs();
    TestRepository repository = TestRepository.create("README", "x\n");

    assertThat(run(executor, logs, repository, "echo before").output()).isEqualTo("before\n");
    List<ProcessHandle> services = apiServicesUnder(root);
    assertThat(services).as("the podman API service of this runner").hasSize(1);
    services.forEach(ProcessHandle::destroyForcibly);
    services.forEach(service -> service.onExit().join());

    ExecutedTask after = run(executor, logs, repository, "echo after; exit 4");

    assertThat(after.outcome()).isEqualTo(new Outcome.Exited(4));
    assertThat(after.output()).isEqualTo("after\n");
    assertThat(apiServicesUnder(root)).hasSize(1);
  }

  private static ExecutedTask run(
      PodmanExecutor executor, RunLogFiles logs, TestRepository repository, String entrypoint)
      throws InterruptedException {
    TaskPlanned task =
        repository.forkTask().entrypoint(entrypoint + "\n").timeoutSeconds(60).build();
    return ExecutedTask.run(executor, logs, task);
  }

  /** The {@code podman system service} processes listening on a socket under {@code root}. */
  private static List<ProcessHandle> apiServicesUnder(Path root) {
    String socket = "unix://" + root.toAbsolutePath().resolve("containers");
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                process.info().arguments().map(List::of).orElse(List.of()).stream()
                    .anyMatch(argument -> argument.startsWith(socket)))
        .toList();
  }
}
