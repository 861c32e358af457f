package dev.slipway.events;

/** The release may proceed in {@code datacenter}: its lane there is now held by it. */
public record ReleaseAdmitted(
    String releaseId,
    String repository,
    String tag,
    String sha,
    String cloneUrl,
    int releaseNumber,
    String datacenter,
    BuildDefinition build,
    DeployDefinition deploy)
    implements ReleaseEvent {}
