package dev.slipway.runner.podman;

import dev.slipway.platform.organisations.Organisations;
import dev.slipway.runner.domain.OrganisationLimits;
import dev.slipway.runner.domain.RunEvents;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.domain.SecretResolver;
import dev.slipway.runner.errors.ErrorNormalizer;
import dev.slipway.runner.state.FileRunJournal;
import dev.slipway.runner.state.RunLogFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;

/** A runner's scheduler on the folders under {@code root}, for tests and the benchmark. */
public final class PodmanRunners {

  private PodmanRunners() {}

  /**
   * Runs through {@code executor}, {@code concurrency} at once, each owner with the default limit;
   * publishes to {@code events}.
   */
  public static RunScheduler scheduler(
      Path root,
      int concurrency,
      PodmanExecutor executor,
      SecretResolver secrets,
      RunEvents events,
      RunLogFiles logs,
      Clock clock) {
    return new RunScheduler(
        concurrency,
        new OrganisationLimits(() -> new Organisations(List.of())),
        executor,
        secrets,
        events,
        new FileRunJournal(root.resolve("state")),
        logs,
        new ErrorNormalizer(),
        clock,
        "http://localhost",
        Executors.newCachedThreadPool(),
        (from, run) -> {});
  }
}
