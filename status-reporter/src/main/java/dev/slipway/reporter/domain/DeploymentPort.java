package dev.slipway.reporter.domain;

import java.util.OptionalLong;

/** The GitHub deployment calls the reporter makes. */
public interface DeploymentPort {

  /**
   * The id of the deployment of {@code ref} to the key's datacenter whose payload names the key's
   * release, if GitHub has one: asked before creating one, so a reporter that died after creating
   * it (before its journal recorded the id) does not create a second.
   */
  OptionalLong findDeployment(DeploymentKey key, String ref) throws GitHubWriteException;

  /**
   * Creates the deployment of {@code ref} to the key's datacenter ({@code environment}), with no
   * required contexts, no auto-merge, and the release id and number in its payload.
   *
   * @return its id
   */
  long createDeployment(DeploymentKey key, String ref, int releaseNumber, String description)
      throws GitHubWriteException;

  void createDeploymentStatus(DeploymentKey key, long deploymentId, DeploymentStatus status)
      throws GitHubWriteException;

  /**
   * Whether the deployment's newest status is exactly this one. Asked only after a restart, for
   * writes that may have reached GitHub before the journal recorded them.
   */
  boolean shows(DeploymentKey key, long deploymentId, DeploymentStatus status)
      throws GitHubWriteException;
}
