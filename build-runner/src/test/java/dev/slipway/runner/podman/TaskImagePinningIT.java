package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.containers.Podman;
import dev.slipway.runner.domain.Execution;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.domain.TaskSecrets;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.registry.RegistryApi;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Someone who can push to the registry overwrites a task image's tag with an image of their own:
 * the runner's next run of that task still runs the image it pushed, because it runs it by digest.
 */
class TaskImagePinningIT {

  private static final Clock CLOCK = Clock.systemUTC();

  @Test
  void aTaskImageTagOverwrittenInTheRegistryIsNotRun() throws Exception {
    Path root = Files.createTempDirectory("slipway-pinning");
    TestRepository repository = TestRepository.create("README", "x\n");
    RunLogFiles logs = new RunLogFiles(root.resolve("logs"));
    Podman podman = new Podman(root.resolve("containers"));
    TaskImages images = new TaskImages(LocalRegistry.address(), true, root.resolve("image-cache"));
    PodmanExecutor executor =
        new PodmanExecutor(
            podman,
            new GitCheckout(),
            images,
            logs,
            root.resolve("work"),
            Duration.ofSeconds(1),
            true,
            new TaskIsolation(TaskIsolation.Network.NONE, 64),
            TaskResourceLimits.of("256m", "256m", "1", "1"),
            CLOCK);
    String contentHash = "pinned-" + UUID.randomUUID();
    TaskPlanned original = task(repository, "echo from the runner image", contentHash);

    String firstLog = run(executor, logs, original);
    String pinned =
        images.repository(original)
            + "@"
            + RegistryApi.digest(
                LocalRegistry.address(), path(images, original), tagOf(images, original));
    assertThat(firstLog).contains("from the runner image", "--- image " + pinned);

    Jib.from(RegistryImage.named(LocalRegistry.busybox()))
        .setEntrypoint("/bin/sh", "-c", "echo poisoned")
        .containerize(
            Containerizer.to(RegistryImage.named(images.reference(original)))
                .setAllowInsecureRegistries(true));
    assertThat(
            images.repository(original)
                + "@"
                + RegistryApi.digest(
                    LocalRegistry.address(), path(images, original), tagOf(images, original)))
        .as("the tag now names the other image")
        .isNotEqualTo(pinned);
    podman
        .call("rmi", "--all", "--force")
        .orThrow("removing the local copies, so the next run pulls");

    String secondLog =
        run(executor, logs, task(repository, "echo from the runner image", contentHash));

    assertThat(secondLog)
        .contains("from the runner image", "--- image " + pinned)
        .doesNotContain("poisoned");
  }

  private static String run(PodmanExecutor executor, RunLogFiles logs, TaskPlanned task)
      throws InterruptedException {
    Execution execution =
        executor.execute(
            new RunRequest(task, "cause-1", "correlation-1"),
            CLOCK.instant().plus(Duration.ofMinutes(2)),
            TaskSecrets.NONE);
    String log = logs.read(task.runId());
    executor.remove(task.runId());
    assertThat(execution.outcome()).as(log).isEqualTo(new Outcome.Exited(0));
    return log;
  }

  private static TaskPlanned task(
      TestRepository repository, String entrypoint, String contentHash) {
    return repository
        .task()
        .repository("org/pinned")
        .entrypoint(entrypoint)
        .contentHash(contentHash)
        .timeoutSeconds(120)
        .build();
  }

  private static String path(TaskImages images, TaskPlanned task) {
    return images.repository(task).substring(LocalRegistry.address().length() + 1);
  }

  private static String tagOf(TaskImages images, TaskPlanned task) {
    return images.reference(task).substring(images.repository(task).length() + 1);
  }
}
