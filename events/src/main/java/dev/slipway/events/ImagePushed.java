package dev.slipway.events;

/**
 * A release's image is in the registry and may be deployed to {@code datacenter}.
 *
 * @param image the image's repository, e.g. {@code registry:5000/org/repo}
 * @param digest the pushed manifest's digest; deployments reference {@code image@digest}
 */
public record ImagePushed(
    String releaseId,
    String repository,
    String tag,
    String sha,
    int releaseNumber,
    String datacenter,
    String image,
    String digest,
    DeployDefinition deploy)
    implements ImagePushedEvent, ReleaseProgress {

  public String imageReference() {
    return image + "@" + digest;
  }
}
