package dev.slipway.testsupport;

import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseOrigin;

/**
 * Builds the events of one release for a test. Each names the same release, repository, tag, commit
 * and number, so a test names only what differs from one to the next (the datacenter, the outcome);
 * the image is the repository's on the local registry, pushed as {@link #DIGEST}.
 */
public record ReleaseEvents(
    String releaseId, String repository, String tag, String sha, int releaseNumber) {

  public static final String DIGEST = "sha256:abc";

  public String cloneUrl() {
    return "https://github.com/" + repository + ".git";
  }

  public String image() {
    return "registry:5000/" + repository;
  }

  /** {@link #image()} at {@link #DIGEST}. */
  public String imageReference() {
    return image() + "@" + DIGEST;
  }

  /** A published release admitted in {@code datacenter}, to be built there. */
  public ReleaseAdmitted admitted(String datacenter) {
    return admitted(datacenter, null, null);
  }

  /**
   * @param origin why the release exists; a published release when null
   * @param image the image reference to deploy without building; null to build it
   */
  public ReleaseAdmitted admitted(String datacenter, ReleaseOrigin origin, String image) {
    return new ReleaseAdmitted(
        releaseId,
        repository,
        tag,
        sha,
        cloneUrl(),
        releaseNumber,
        datacenter,
        null,
        null,
        origin,
        image);
  }

  public ImagePushed pushed(String datacenter) {
    return new ImagePushed(
        releaseId, repository, tag, sha, releaseNumber, datacenter, image(), DIGEST, null);
  }

  public DeploymentFinished finished(
      String datacenter, DeploymentFinished.Outcome outcome, String detail, String serviceUrl) {
    return new DeploymentFinished(
        releaseId,
        repository,
        tag,
        sha,
        releaseNumber,
        datacenter,
        outcome,
        imageReference(),
        detail,
        serviceUrl);
  }
}
