package dev.slipway.runner.domain;

/**
 * Builds a release's image from its commit and pushes it: buildah on this machine, or a Job in a
 * cluster.
 */
public interface ImageBuilder {

  /**
   * Blocks until the image is pushed or the build ended otherwise; writes the build's output to the
   * release's log.
   */
  BuildResult build(ReleaseBuildRequest request) throws InterruptedException;
}
