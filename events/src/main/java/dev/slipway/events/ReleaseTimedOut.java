package dev.slipway.events;

/** The release's in-flight step saw no outcome in time; its lane was freed. */
public record ReleaseTimedOut(
    String releaseId, String repository, String tag, String sha, String datacenter)
    implements ReleaseEvent, ReleaseProgress {}
