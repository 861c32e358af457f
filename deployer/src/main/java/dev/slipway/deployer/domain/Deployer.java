package dev.slipway.deployer.domain;

import static dev.slipway.deployer.domain.DeploymentSignal.ACCEPTED;
import static dev.slipway.deployer.domain.DeploymentSignal.APPLIED;
import static dev.slipway.deployer.domain.DeploymentSignal.APPLY_REFUSED;
import static dev.slipway.deployer.domain.DeploymentSignal.AVAILABLE;
import static dev.slipway.deployer.domain.DeploymentSignal.NOT_AVAILABLE;
import static dev.slipway.deployer.domain.DeploymentSignal.REJECTED;
import static dev.slipway.deployer.domain.DeploymentSignal.ROLLBACK_AVAILABLE;
import static dev.slipway.deployer.domain.DeploymentSignal.ROLLBACK_NOT_AVAILABLE;
import static dev.slipway.deployer.domain.DeploymentSignal.ROLLBACK_STARTED;

import dev.slipway.deployer.domain.Cluster.PreviousRevision;
import dev.slipway.deployer.domain.Cluster.RolloutStatus;
import dev.slipway.events.ImagePushed;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys one release to one datacenter: apply the Deployment, wait for the rollout, roll back to
 * the previous revision when it fails, and announce a successful rollout in the datacenter's
 * registry. Safe to run again for the same release: applying an unchanged Deployment changes
 * nothing, and registering is idempotent.
 */
public final class Deployer {

  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  private final Datacenters datacenters;
  private final Duration rolloutTimeout;
  private final Clock clock;

  public Deployer(Datacenters datacenters, Duration rolloutTimeout, Clock clock) {
    this.datacenters = datacenters;
    this.rolloutTimeout = rolloutTimeout;
    this.clock = clock;
  }

  public DeploymentResult deploy(ImagePushed release, String correlationId) {
    Run run = new Run(release, correlationId);
    Optional<Datacenter> found = datacenters.find(release.datacenter());
    if (found.isEmpty()) {
      return run.end(
          REJECTED,
          "datacenter '" + release.datacenter() + "' is not configured in the deployer (configured: "
              + String.join(", ", new TreeSet<>(datacenters.names())) + ")");
    }
    Datacenter datacenter = found.get();
    if (datacenter.cluster().isEmpty()) {
      return run.end(REJECTED, "no cluster configured for dc " + datacenter.name());
    }
    DeploymentSpec spec;
    try {
      spec = DeploymentSpecBuilder.build(release, datacenter.namespace());
    } catch (InvalidDeployDefinitionException e) {
      return run.end(REJECTED, e.getMessage());
    }
    return rollOut(run, datacenter, datacenter.cluster().get(), spec, release);
  }

  private DeploymentResult rollOut(
      Run run, Datacenter datacenter, Cluster cluster, DeploymentSpec spec, ImagePushed release) {
    run.move(ACCEPTED);
    Optional<PreviousRevision> previous;
    try {
      previous = cluster.apply(spec);
    } catch (ClusterRefusedException e) {
      return run.end(APPLY_REFUSED, "the cluster refused Deployment " + spec.name() + ": " + e.getMessage());
    }
    run.move(APPLIED);
    RolloutStatus rollout = cluster.awaitRollout(spec, rolloutTimeout);
    if (rollout.complete()) {
      run.move(AVAILABLE);
      String detail = "rolled out " + spec.image() + " to " + spec.namespace() + "/" + spec.name() + ": " + rollout.summary();
      if (datacenter.registry().isEmpty()) {
        return run.result(detail + " (not announced: no etcd configured for dc " + datacenter.name() + ")");
      }
      datacenter.registry().get().register(registration(release, spec));
      return run.result(detail);
    }
    run.move(NOT_AVAILABLE);
    String failure = "rollout of " + spec.image() + " failed: " + rollout.summary();
    if (previous.isEmpty()) {
      return run.result(failure + "; " + removeFirstRelease(cluster, spec));
    }
    return rollBack(run, cluster, spec, failure, previous.get());
  }

  private DeploymentResult rollBack(
      Run run, Cluster cluster, DeploymentSpec spec, String failure, PreviousRevision previous) {
    run.move(ROLLBACK_STARTED);
    String target = "release " + previous.releaseId();
    try {
      cluster.rollBack(spec);
    } catch (ClusterRefusedException e) {
      return run.end(ROLLBACK_NOT_AVAILABLE, failure + "; the cluster refused the rollback to " + target + ": " + e.getMessage());
    }
    RolloutStatus restored = cluster.awaitRollout(spec, rolloutTimeout);
    if (restored.complete()) {
      return run.end(ROLLBACK_AVAILABLE, failure + "; rolled back to " + target);
    }
    return run.end(
        ROLLBACK_NOT_AVAILABLE, failure + "; the rollback to " + target + " did not become available either: " + restored.summary());
  }

  private static String removeFirstRelease(Cluster cluster, DeploymentSpec spec) {
    try {
      cluster.remove(spec);
      return "no previous revision to roll back to, Deployment " + spec.name() + " removed";
    } catch (ClusterRefusedException e) {
      return "no previous revision to roll back to, and removing Deployment " + spec.name() + " was refused: " + e.getMessage();
    }
  }

  private ServiceRegistration registration(ImagePushed release, DeploymentSpec spec) {
    return new ServiceRegistration(
        spec.name(),
        release.datacenter(),
        release.repository(),
        release.releaseId(),
        release.tag(),
        spec.image(),
        spec.containerPort(),
        spec.replicas(),
        clock.instant());
  }

  /** The state of one deployment, moved only through {@link DeploymentLifecycle}, logged at each step. */
  private static final class Run {
    private final ImagePushed release;
    private final String correlationId;
    private DeploymentState state = DeploymentState.PENDING;

    Run(ImagePushed release, String correlationId) {
      this.release = release;
      this.correlationId = correlationId;
    }

    void move(DeploymentSignal signal) {
      DeploymentState to = DeploymentLifecycle.next(state, signal);
      LOG.info(
          "deployment repo={} release={} dc={} from={} to={} correlation={}",
          release.repository(), release.releaseId(), release.datacenter(), state, to, correlationId);
      state = to;
    }

    DeploymentResult end(DeploymentSignal signal, String detail) {
      move(signal);
      return result(detail);
    }

    DeploymentResult result(String detail) {
      return new DeploymentResult(state, detail);
    }
  }
}
