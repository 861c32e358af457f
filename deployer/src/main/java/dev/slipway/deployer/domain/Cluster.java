package dev.slipway.deployer.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * The few calls the deployer makes to one datacenter's Kubernetes API. A call that fails because the
 * API cannot be reached throws an unchecked exception the caller retries later; a request the API
 * refuses throws {@link ClusterRefusedException}.
 */
public interface Cluster {

  /**
   * Creates or replaces the Deployment and remembers, on the Deployment itself, the pod template it
   * replaced, so a rollback still finds it after a restart.
   *
   * @return the revision that ran before, if any
   */
  Optional<PreviousRevision> apply(DeploymentSpec spec);

  /** Waits until every replica runs the applied template and is available, or fails, or time is up. */
  RolloutStatus awaitRollout(DeploymentSpec spec, Duration timeout);

  /** Puts back the pod template remembered by {@link #apply}. */
  void rollBack(DeploymentSpec spec);

  /** Deletes the Deployment: a first release that never became available must not linger. */
  void remove(DeploymentSpec spec);

  /** The release that ran before the one being deployed ("unknown" when Slipway did not deploy it). */
  record PreviousRevision(String releaseId) {}

  /** @param summary one line for the user, e.g. "2/3 replicas available" */
  record RolloutStatus(boolean complete, String summary) {}
}
