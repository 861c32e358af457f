package dev.slipway.deployer.domain;

/** What happened to a deployment; {@link DeploymentLifecycle} turns it into the next state. */
public enum DeploymentSignal {
  /** The datacenter is known, has a cluster and the definition is valid: apply it. */
  ACCEPTED,
  /** Unknown datacenter, no cluster there, or an invalid deploy definition. */
  REJECTED,
  /** The cluster accepted the Deployment. */
  APPLIED,
  /** The cluster refused the Deployment. */
  APPLY_REFUSED,
  /** Every replica runs the new template and is available. */
  AVAILABLE,
  /** The rollout failed or did not finish in time. */
  NOT_AVAILABLE,
  /** A previous revision exists: put it back. */
  ROLLBACK_STARTED,
  /** The previous revision is back and available. */
  ROLLBACK_AVAILABLE,
  /** The previous revision could not be restored or did not become available. */
  ROLLBACK_NOT_AVAILABLE
}
