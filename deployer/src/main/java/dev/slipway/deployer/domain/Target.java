package dev.slipway.deployer.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where one datacenter runs its releases: a Kubernetes cluster, or this machine's podman (the
 * one-machine stack). The deployer decides the order (start the new release, wait until it answers,
 * register it, only then retire what ran before; roll back when it does not answer); a target only
 * carries the steps out. A call that fails because the target cannot be reached throws an unchecked
 * exception the caller retries later; a request the target refuses throws {@link
 * TargetRefusedException}; a service another repository already runs there throws {@link
 * ServiceOwnedElsewhereException} before anything is touched.
 */
public interface Target {

  /**
   * Starts the release next to (podman) or in place of (Kubernetes) what runs now, remembering what
   * ran before so a restarted deployer still knows what to return to. Starting a release that
   * already runs reuses what runs.
   *
   * @return the release that ran before, if any
   */
  Optional<PreviousRevision> apply(DeploymentSpec spec);

  /** Waits until every replica of the release answers, or fails, or time is up. */
  RolloutStatus awaitRollout(DeploymentSpec spec, Duration timeout);

  /**
   * Once the release is registered: stops what ran before it. Nothing to do where the platform
   * replaces the old replicas itself (Kubernetes).
   */
  void retirePrevious(DeploymentSpec spec);

  /**
   * Puts the previous release back (or keeps it), drops this one, and waits until the previous one
   * serves.
   */
  RolloutStatus rollBack(DeploymentSpec spec, Duration timeout);

  /** Removes the release: a first release that never answered must not linger. */
  void remove(DeploymentSpec spec);

  /** Where the release runs, for the user: "shop-prod/shop" or "2 podman containers". */
  String describe(DeploymentSpec spec);

  /**
   * The release that ran before the one being deployed ("unknown" when Slipway did not deploy it).
   */
  record PreviousRevision(String releaseId) {}

  /**
   * @param summary one line for the user, e.g. "2/3 replicas available"
   * @param endpoints when complete, the {@code host:port} addresses the datacenter's haproxy
   *     reaches the release on; empty when only {@code port} on every upstream host is known
   * @param port the port the release is exposed on: the Service's node port on Kubernetes, the
   *     container port on podman (whose endpoints each have a port of their own)
   */
  record RolloutStatus(boolean complete, String summary, List<String> endpoints, int port) {
    public RolloutStatus {
      endpoints = List.copyOf(endpoints);
    }

    public static RolloutStatus incomplete(String summary) {
      return new RolloutStatus(false, summary, List.of(), 0);
    }
  }
}
