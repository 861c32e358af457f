package dev.slipway.runner.domain;

import dev.slipway.events.RunState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one place that decides a run's transitions. */
public final class RunLifecycle {

  private static final Set<RunState> FROM_START = EnumSet.of(RunState.QUEUED);
  private static final Map<RunState, Set<RunState>> ALLOWED =
      Map.of(
          RunState.QUEUED, EnumSet.of(RunState.STARTED, RunState.CANCELLED, RunState.ERROR),
          RunState.STARTED,
              EnumSet.of(
                  RunState.SUCCEEDED,
                  RunState.FAILED,
                  RunState.TIMED_OUT,
                  RunState.CANCELLED,
                  RunState.ERROR));

  private RunLifecycle() {}

  /** Whether a run may go from {@code from} (null: not yet known) to {@code to}. */
  public static boolean allows(RunState from, RunState to) {
    if (from == null) {
      return FROM_START.contains(to);
    }
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /**
   * The terminal state of a started run. A cancellation wins over whatever the stopped container
   * exited with; an infrastructure failure is ERROR even when a cancellation was asked for, because
   * nobody can tell what the task did.
   */
  public static RunState afterExecution(Outcome outcome, boolean cancelRequested) {
    if (outcome instanceof Outcome.Broken) {
      return RunState.ERROR;
    }
    if (cancelRequested || outcome instanceof Outcome.Stopped) {
      return RunState.CANCELLED;
    }
    if (outcome instanceof Outcome.TimedOut) {
      return RunState.TIMED_OUT;
    }
    if (outcome instanceof Outcome.Refused) {
      return RunState.FAILED;
    }
    return ((Outcome.Exited) outcome).exitCode() == 0 ? RunState.SUCCEEDED : RunState.FAILED;
  }
}
