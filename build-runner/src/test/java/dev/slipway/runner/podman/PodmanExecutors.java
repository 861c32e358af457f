package dev.slipway.runner.podman;

import dev.slipway.platform.containers.Podman;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Builds a {@link PodmanExecutor} on the folders under one root, for tests and the benchmark: real
 * podman, task images on the test registry, no network, 64 processes, 256 MB and one CPU. A caller
 * names only what it relies on.
 */
public final class PodmanExecutors {

  private final Path root;
  private Podman podman;
  private GitCheckout checkout = new GitCheckout();
  private TaskImages images;
  private RunLogFiles logs;
  private int pidsLimit = 64;
  private TaskResourceLimits limits = TaskResourceLimits.of("256m", "256m", "1", "1");

  private PodmanExecutors(Path root) {
    this.root = root;
    this.podman = new Podman(root.resolve("containers"));
    this.images = new TaskImages(LocalRegistry.address(), true, root.resolve("image-cache"));
    this.logs = new RunLogFiles(root.resolve("logs"));
  }

  /** Containers, image cache, logs and work folders under {@code root}. */
  public static PodmanExecutors under(Path root) {
    return new PodmanExecutors(root);
  }

  public PodmanExecutors podman(Podman podman) {
    this.podman = podman;
    return this;
  }

  public PodmanExecutors checkout(GitCheckout checkout) {
    this.checkout = checkout;
    return this;
  }

  public PodmanExecutors images(TaskImages images) {
    this.images = images;
    return this;
  }

  public PodmanExecutors logs(RunLogFiles logs) {
    this.logs = logs;
    return this;
  }

  /** Where the executor keeps the runs' logs. */
  public RunLogFiles logs() {
    return logs;
  }

  public PodmanExecutors pidsLimit(int pidsLimit) {
    this.pidsLimit = pidsLimit;
    return this;
  }

  /** The platform's default and maximum memory and CPUs of a task. */
  public PodmanExecutors limits(TaskResourceLimits limits) {
    this.limits = limits;
    return this;
  }

  public PodmanExecutor build() {
    return new PodmanExecutor(
        podman,
        checkout,
        images,
        logs,
        root.resolve("work"),
        Duration.ofSeconds(1),
        true,
        new TaskIsolation(TaskIsolation.Network.NONE, pidsLimit),
        limits,
        Clock.systemUTC());
  }
}
