package dev.slipway.runner.domain;

import java.time.Instant;
import java.util.Set;

/** Runs tasks somewhere: containers on this machine, or Jobs in a cluster. */
public interface TaskExecutor {

  /**
   * Runs the task to its end, or follows it when a container or Job of this run already exists (the
   * runner restarted), so a run never gets a second one. Stops it when {@code deadline} passes.
   * Blocks until it ended; writes its output to the run's log, with {@code secrets}' values masked.
   * The task's container gets {@code secrets} as environment variables; they are never written to a
   * file, a command line or a log.
   */
  Execution execute(RunRequest request, Instant deadline, TaskSecrets secrets)
      throws InterruptedException;

  /**
   * Asks a run to stop; {@link #execute} then returns {@link Outcome.Stopped}. Idempotent, also
   * before it started.
   */
  void stop(String runId);

  /**
   * Run ids that have a container or Job here, found by label. The runner asks once when it starts,
   * before it executes anything, so an executor may rely on it to know which runs to follow.
   */
  Set<String> present();

  /** Removes what is left of a run here (container, Job, workspace); idempotent. */
  void remove(String runId);
}
