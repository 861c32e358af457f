package dev.slipway.events;

/** A waiting release was overtaken by a newer one and will not be deployed. */
public record ReleaseSuperseded(
    String releaseId, String repository, String tag, String sha, String supersededBy)
    implements ReleaseEvent, ReleaseProgress {}
