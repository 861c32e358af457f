package dev.slipway.events;

import java.time.Instant;

/** The application image build of an admitted release changed state. */
public record ReleaseBuildStateChanged(
    String releaseId,
    String repository,
    String tag,
    String sha,
    RunState from,
    RunState to,
    String detail,
    String logUrl,
    Instant occurredAt)
    implements BuildJobEvent, ReleaseProgress {}
