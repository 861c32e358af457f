package dev.slipway.deployer.domain;

/** What happened to a deployment; {@link DeploymentLifecycle} turns it into the next state. */
public enum DeploymentSignal {
  /**
   * The datacenter is known and runs releases, the definition is valid, the name is the
   * repository's: apply it.
   */
  ACCEPTED,
  /**
   * Unknown datacenter, nothing to run releases there, an invalid deploy definition, a service name
   * another repository owns, or a newer release registered.
   */
  REJECTED,
  /** The target started the release (or replaced the Deployment). */
  APPLIED,
  /** The target refused the release, or found the service owned by another repository. */
  APPLY_REFUSED,
  /** Every replica answers and the release is registered. */
  AVAILABLE,
  /** The rollout failed, did not finish in time, or a newer release was registered meanwhile. */
  NOT_AVAILABLE,
  /** A previous revision exists: put it back. */
  ROLLBACK_STARTED,
  /** The previous revision is back and available. */
  ROLLBACK_AVAILABLE,
  /** The previous revision could not be restored or did not become available. */
  ROLLBACK_NOT_AVAILABLE
}
