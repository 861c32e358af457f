package dev.slipway.coordinator.domain;

import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import java.util.Map;
import java.util.Optional;

/**
 * The ways a release moves that operators count: the coordinator's decisions on {@code
 * slipway.release}, and the compiler's {@code ReleaseSkipped}, which the coordinator reads on
 * {@code slipway.task-spec} and ignores.
 */
public enum ReleaseOutcome {
  ADMITTED,
  COMPLETED,
  FAILED,
  SUPERSEDED,
  TIMED_OUT,
  SKIPPED,
  OPERATION_REJECTED;

  private static final Map<Class<?>, ReleaseOutcome> BY_EVENT =
      Map.of(
          ReleaseAdmitted.class, ADMITTED,
          ReleaseCompleted.class, COMPLETED,
          ReleaseFailed.class, FAILED,
          ReleaseSuperseded.class, SUPERSEDED,
          ReleaseTimedOut.class, TIMED_OUT,
          ReleaseSkipped.class, SKIPPED,
          ReleaseOperationRejected.class, OPERATION_REJECTED);

  /** The outcome an event reports, empty for an event that reports none. */
  public static Optional<ReleaseOutcome> of(Object event) {
    return ofType(event.getClass());
  }

  /** The outcome events of {@code type} report, empty for a type that reports none. */
  public static Optional<ReleaseOutcome> ofType(Class<?> type) {
    return Optional.ofNullable(BY_EVENT.get(type));
  }
}
