package dev.slipway.deployer.domain;

import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ImagePushed;

/** Image-pushed events as the build-runner sends them, for tests. */
public final class Releases {

  public static final String DIGEST = "sha256:" + "ab12".repeat(16);

  private Releases() {}

  public static ImagePushed pushed(String releaseId, String datacenter, DeployDefinition deploy) {
    return pushed(releaseId, datacenter, "registry.test:5000/acme/shop", DIGEST, deploy);
  }

  public static ImagePushed pushed(
      String releaseId, String datacenter, String image, String digest, DeployDefinition deploy) {
    return pushed("acme/shop", releaseId, 7, datacenter, image, digest, deploy);
  }

  public static ImagePushed pushed(
      String repository,
      String releaseId,
      int releaseNumber,
      String datacenter,
      String image,
      String digest,
      DeployDefinition deploy) {
    return new ImagePushed(
        releaseId,
        repository,
        "v1.2." + releaseNumber,
        "0123456789abcdef0123456789abcdef01234567",
        releaseNumber,
        datacenter,
        image,
        digest,
        deploy);
  }

  public static DeployDefinition shop() {
    return new DeployDefinition("shop", 2, 8080, "/healthz");
  }
}
