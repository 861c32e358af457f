package dev.slipway.runner.domain;

/**
 * How an executor saw a run end. Which {@link dev.slipway.events.RunState} follows is decided by
 * {@link RunLifecycle}.
 */
public sealed interface Outcome {

  /** The task's process ended with this exit code. */
  record Exited(int exitCode) implements Outcome {}

  /** The deadline passed; the container or Job was stopped. */
  record TimedOut() implements Outcome {}

  /** It was stopped because the runner asked, before or while it ran. */
  record Stopped() implements Outcome {}

  /**
   * It was not started for a reason of the repository's own, e.g. a secret it names is not defined:
   * the run fails with {@code reason}.
   */
  record Refused(String reason) implements Outcome {}

  /** Our side failed (clone, image, container engine, cluster): not the user's code. */
  record Broken(String reason) implements Outcome {}
}
