package dev.slipway.runner.domain;

/**
 * How building and pushing a release's image ended. Which state follows is decided by {@link
 * ReleaseBuildLifecycle}.
 */
public sealed interface BuildResult {

  /** The image is in the registry under this digest. */
  record Pushed(String image, String digest) implements BuildResult {}

  /**
   * The repository's fault (no Dockerfile, a failing instruction, a commit that is gone): not worth
   * retrying.
   */
  record Failed(String detail) implements BuildResult {}

  /** The build ran past its time limit and was stopped. */
  record TimedOut(String detail) implements BuildResult {}

  /** The registry could not be reached: worth trying again for a while. */
  record RegistryUnavailable(String detail) implements BuildResult {}

  /** Our side failed (buildah, storage, git server): not the repository's fault. */
  record Broken(String detail) implements BuildResult {}
}
