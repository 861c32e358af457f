package dev.slipway.events;

/**
 * The release stopped: its build failed, or it failed (or was rolled back) in {@code datacenter}.
 */
public record ReleaseFailed(
    String releaseId, String repository, String tag, String sha, String datacenter, String reason)
    implements ReleaseEvent, ReleaseProgress {}
