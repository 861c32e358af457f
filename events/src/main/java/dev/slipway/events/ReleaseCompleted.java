package dev.slipway.events;

/** The release rolled out in every datacenter. */
public record ReleaseCompleted(
    String releaseId, String repository, String tag, String sha, int releaseNumber)
    implements ReleaseEvent, ReleaseProgress {}
