package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.containers.Podman;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.registry.RegistryApi;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Someone who can push to the registry overwrites a task image's tag with an image of their own:
 * the runner's next run of that task still runs the image it pushed, because it runs it by digest.
 */
class TaskImagePinningIT {

  @Test
  void aTaskImageTagOverwrittenInTheRegistryIsNotRun() throws Exception {
    Path root = Files.createTempDirectory("slipway-pinning");
    TestRepository repository = TestRepository.create("README", "x\n");
    RunLogFiles logs = new RunLogFiles(root.resolve("logs"));
    Podman podman = new Podman(root.resolve("containers"));
    TaskImages images = new TaskImages(LocalRegistry.address(), true, root.resolve("image-cache"));
    PodmanExecutor executor =
        PodmanExecutors.under(root).podman(podman).images(images).logs(logs).build();
    String contentHash = "pinned-" + UUID.randomUUID();
    TaskPlanned original = task(repository, "echo from the runner image", contentHash);

    String firstLog = run(executor, logs, original);
    String pinned = taggedImage(images, original);
    assertThat(firstLog).contains("from the runner image", "--- image " + pinned);

    Jib.from(RegistryImage.named(LocalRegistry.busybox()))
        .setEntrypoint("/bin/sh", "-c", "echo poisoned")
        .containerize(
            Containerizer.to(RegistryImage.named(images.reference(original)))
                .setAllowInsecureRegistries(true));
    assertThat(taggedImage(images, original))
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
    ExecutedTask ran = ExecutedTask.run(executor, logs, task);
    assertThat(ran.outcome()).as(ran.log()).isEqualTo(new Outcome.Exited(0));
    return ran.log();
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

  /** The image the task's tag names in the registry now, by digest. */
  private static String taggedImage(TaskImages images, TaskPlanned task)
      throws IOException, InterruptedException {
    return images.repository(task)
        + "@"
        + RegistryApi.digest(LocalRegistry.address(), path(images, task), tagOf(images, task));
  }

  private static String path(TaskImages images, TaskPlanned task) {
    return images.repository(task).substring(LocalRegistry.address().length() + 1);
  }

  private static String tagOf(TaskImages images, TaskPlanned task) {
    return images.reference(task).substring(images.repository(task).length() + 1);
  }
}
