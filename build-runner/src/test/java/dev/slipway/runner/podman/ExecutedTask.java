package dev.slipway.runner.podman;

import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.Execution;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.TaskSecrets;
import dev.slipway.runner.state.RunLogFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a task run straight through a {@link PodmanExecutor}, without a scheduler or secrets, left
 * behind once its container was removed.
 *
 * @param log the whole log: the runner's steps, then the task's output
 * @param output the task's output alone
 */
record ExecutedTask(Outcome outcome, String log, String output, List<String> junitReports) {

  /** Runs {@code task} until it ends or its timeout passes; its log goes to {@code logs}. */
  static ExecutedTask run(PodmanExecutor executor, RunLogFiles logs, TaskPlanned task)
      throws InterruptedException {
    Execution execution =
        executor.execute(
            new RunRequest(task, "cause-1", "correlation-1"),
            Instant.now().plusSeconds(task.timeoutSeconds()),
            TaskSecrets.NONE);
    try {
      String log = logs.read(task.runId());
      Path outputFile = logs.output(task.runId());
      String output = Files.exists(outputFile) ? Files.readString(outputFile) : "";
      return new ExecutedTask(execution.outcome(), log, output, execution.junitReports());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      executor.remove(task.runId());
    }
  }
}
