package dev.slipway.events;

/** Events on {@code slipway.release}: the release-coordinator's decisions. */
public sealed interface ReleaseEvent
    permits ReleaseAdmitted,
        ReleaseSuperseded,
        ReleaseTimedOut,
        ReleaseCompleted,
        ReleaseFailed,
        ReleaseOperationRejected {

  String releaseId();

  String repository();
}
