package dev.slipway.runner.domain;

import dev.slipway.events.ReleaseAdmitted;
import java.util.regex.Pattern;

/**
 * What building a release's image needs: the commit to clone, the Dockerfile and its context
 * (relative to the repository's root) and where the image goes, {@code
 * <registry>/<namespace>/<repo>:<tag>} ({@link ReleaseImages}).
 */
public record ReleaseBuildRequest(
    String releaseId,
    String repository,
    String tag,
    String sha,
    String cloneUrl,
    String dockerfile,
    String context,
    String image) {

  private static final Pattern NOT_IN_TAG = Pattern.compile("[^A-Za-z0-9_.-]");

  public static ReleaseBuildRequest of(ReleaseAdmitted admitted, ReleaseImages images) {
    String dockerfile =
        admitted.build() == null || admitted.build().dockerfile() == null
            ? "Dockerfile"
            : admitted.build().dockerfile();
    String context =
        admitted.build() == null || admitted.build().context() == null
            ? "."
            : admitted.build().context();
    String image = images.of(admitted.repository());
    return new ReleaseBuildRequest(
        admitted.releaseId(),
        admitted.repository(),
        admitted.tag(),
        admitted.sha(),
        admitted.cloneUrl(),
        dockerfile,
        context,
        image);
  }

  /** The same release deploying an image already in a registry: {@code image} is that image's. */
  public ReleaseBuildRequest reusing(String existingImage) {
    return new ReleaseBuildRequest(
        releaseId, repository, tag, sha, cloneUrl, dockerfile, context, existingImage);
  }

  /**
   * {@code image:tag}, the git tag made a valid image tag (at most 128 of {@code [A-Za-z0-9_.-]},
   * not led by . or -).
   */
  public String reference() {
    String imageTag =
        NOT_IN_TAG.matcher(tag == null || tag.isEmpty() ? releaseId : tag).replaceAll("-");
    if (imageTag.startsWith(".") || imageTag.startsWith("-")) {
      imageTag = "_" + imageTag;
    }
    return image + ":" + (imageTag.length() > 128 ? imageTag.substring(0, 128) : imageTag);
  }
}
