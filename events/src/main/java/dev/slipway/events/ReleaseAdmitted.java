package dev.slipway.events;

/**
 * The release may proceed in {@code datacenter}: its lane there is now held by it.
 *
 * @param origin why the release exists; a published release when absent
 * @param image the image reference ({@code image@digest}) to deploy without building, for a release
 *     operated on an image already in the registry; null means build it
 */
public record ReleaseAdmitted(
    String releaseId,
    String repository,
    String tag,
    String sha,
    String cloneUrl,
    int releaseNumber,
    String datacenter,
    BuildDefinition build,
    DeployDefinition deploy,
    ReleaseOrigin origin,
    String image)
    implements ReleaseEvent, ReleaseProgress {

  public ReleaseAdmitted {
    origin = origin == null ? ReleaseOrigin.published() : origin;
  }
}
