package dev.slipway.runner.domain;

import dev.slipway.events.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one place that decides a release build's transitions. */
public final class ReleaseBuildLifecycle {

  private static final Map<RunState, Set<RunState>> ALLOWED =
      Map.of(
          RunState.QUEUED, EnumSet.of(RunState.STARTED, RunState.ERROR),
          RunState.STARTED,
              EnumSet.of(RunState.SUCCEEDED, RunState.FAILED, RunState.TIMED_OUT, RunState.ERROR));

  private ReleaseBuildLifecycle() {}

  /** Whether a build may go from {@code from} (null: not yet known) to {@code to}. */
  public static boolean allows(RunState from, RunState to) {
    if (from == null) {
      return to == RunState.QUEUED;
    }
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /**
   * The state a started build goes to after {@code result}, or null when it should be tried again
   * later: an unreachable registry is retried until it has been unreachable for {@code retryLimit}.
   */
  public static RunState afterBuild(
      BuildResult result, Instant unavailableSince, Instant now, Duration retryLimit) {
    if (result instanceof BuildResult.Pushed) {
      return RunState.SUCCEEDED;
    }
    if (result instanceof BuildResult.Failed) {
      return RunState.FAILED;
    }
    if (result instanceof BuildResult.TimedOut) {
      return RunState.TIMED_OUT;
    }
    if (result instanceof BuildResult.RegistryUnavailable) {
      return unavailableSince != null && !unavailableSince.plus(retryLimit).isAfter(now)
          ? RunState.ERROR
          : null;
    }
    return RunState.ERROR;
  }

  /** The one line the build's status shows. */
  public static String detail(BuildResult result, Duration retryLimit) {
    if (result instanceof BuildResult.Failed failed) {
      return failed.detail();
    }
    if (result instanceof BuildResult.TimedOut timedOut) {
      return timedOut.detail();
    }
    if (result instanceof BuildResult.RegistryUnavailable unavailable) {
      return "infrastructure: registry unreachable for "
          + spoken(retryLimit)
          + ": "
          + unavailable.detail();
    }
    if (result instanceof BuildResult.Broken broken) {
      return "infrastructure: " + broken.detail();
    }
    return null;
  }

  private static String spoken(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
  }
}
