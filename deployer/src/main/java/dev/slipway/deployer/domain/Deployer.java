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

import dev.slipway.deployer.domain.ServiceRegistry.Registered;
import dev.slipway.deployer.domain.Target.PreviousRevision;
import dev.slipway.deployer.domain.Target.RolloutStatus;
import dev.slipway.events.ImagePushed;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys one release to one datacenter: check that the service name belongs to the release's
 * repository and that no newer release is registered, start the release, wait until it answers,
 * register it in the datacenter's registry, wait (briefly) until the datacenter's proxy serves it,
 * report it, and only then retire the release before it (new before old). Reporting first lets the
 * release move on to its next datacenter while the old containers stop. A release that does not
 * answer in time is rolled back: the previous release keeps serving and the registration is left as
 * it was. Safe to run again for the same release: the target reuses what already runs, and
 * registering is idempotent.
 */
public final class Deployer {

  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  private final Datacenters datacenters;
  private final Duration rolloutTimeout;
  private final ProxyCheck proxyCheck;
  private final Clock clock;

  public Deployer(
      Datacenters datacenters, Duration rolloutTimeout, ProxyCheck proxyCheck, Clock clock) {
    this.datacenters = datacenters;
    this.rolloutTimeout = rolloutTimeout;
    this.proxyCheck = proxyCheck;
    this.clock = clock;
  }

  /**
   * Whether this deployer deploys to {@code datacenter}; the others' releases are not its business.
   */
  public boolean serves(String datacenter) {
    return datacenters.find(datacenter).isPresent();
  }

  /** Where a deployment's outcome goes, before the previous release is retired. */
  @FunctionalInterface
  public interface Report {
    void send(DeploymentResult result);
  }

  /**
   * Deploys {@code release}, sends the outcome to {@code report} and then retires the previous
   * release where the new one rolled out. A report that throws retires nothing: the previous
   * release keeps running until the deployment is made (and reported) again.
   */
  public DeploymentResult deploy(ImagePushed release, String correlationId, Report report) {
    Run run = new Run(release, correlationId);
    DeploymentResult result = attempt(run, release);
    report.send(result);
    run.retirement.run();
    return result;
  }

  private DeploymentResult attempt(Run run, ImagePushed release) {
    Optional<Datacenter> found = datacenters.find(release.datacenter());
    if (found.isEmpty()) {
      return run.end(
          REJECTED,
          "datacenter '"
              + release.datacenter()
              + "' is not configured in the deployer (configured: "
              + String.join(", ", new TreeSet<>(datacenters.names()))
              + ")");
    }
    Datacenter datacenter = found.get();
    if (datacenter.target().isEmpty()) {
      return run.end(REJECTED, "nothing configured to run releases in dc " + datacenter.name());
    }
    DeploymentSpec spec;
    try {
      spec = DeploymentSpecBuilder.build(release, datacenter.namespace());
    } catch (InvalidDeployDefinitionException e) {
      return run.end(REJECTED, e.getMessage());
    }
    Optional<String> refusal = datacenter.registry().flatMap(registry -> refusal(registry, spec));
    if (refusal.isPresent()) {
      return run.end(REJECTED, refusal.get());
    }
    return rollOut(run, datacenter, datacenter.target().get(), spec, release);
  }

  /**
   * Why the registry forbids the release before anything is touched: another owner, or a newer
   * release.
   */
  private static Optional<String> refusal(ServiceRegistry registry, DeploymentSpec spec) {
    String owner = registry.claim(spec.name(), spec.datacenter(), spec.repository());
    if (!owner.equals(spec.repository())) {
      return Optional.of(new ServiceOwnedElsewhereException(spec.name(), owner).getMessage());
    }
    return registry
        .registered(spec.name(), spec.datacenter())
        .filter(registered -> registered.releaseNumber() > spec.releaseNumber())
        .map(newer -> older(spec, newer) + "; not deployed");
  }

  private static String older(DeploymentSpec spec, Registered newer) {
    return "release "
        + spec.releaseId()
        + " (#"
        + spec.releaseNumber()
        + ") is older than release "
        + newer.release()
        + " (#"
        + newer.releaseNumber()
        + ") registered for "
        + spec.name()
        + " in dc "
        + spec.datacenter();
  }

  private DeploymentResult rollOut(
      Run run, Datacenter datacenter, Target target, DeploymentSpec spec, ImagePushed release) {
    run.move(ACCEPTED);
    Optional<PreviousRevision> previous;
    try {
      previous = target.apply(spec);
    } catch (ServiceOwnedElsewhereException e) {
      return run.end(APPLY_REFUSED, e.getMessage());
    } catch (TargetRefusedException e) {
      return run.end(
          APPLY_REFUSED,
          "dc " + datacenter.name() + " refused " + spec.name() + ": " + e.getMessage());
    }
    run.move(APPLIED);
    RolloutStatus rollout = target.awaitRollout(spec, rolloutTimeout);
    String failure;
    if (rollout.complete()) {
      String detail =
          "rolled out " + spec.image() + " to " + target.describe(spec) + ": " + rollout.summary();
      if (datacenter.registry().isEmpty()) {
        // Not announced, so no haproxy sends anyone there: no URL either.
        return rolledOut(
            run,
            target,
            spec,
            detail + " (not announced: no etcd configured for dc " + datacenter.name() + ")",
            Optional.empty());
      }
      Optional<Registered> newer =
          datacenter.registry().get().register(registration(release, spec, rollout));
      if (newer.isEmpty()) {
        return rolledOut(
            run,
            target,
            spec,
            served(run, datacenter, spec) + detail,
            datacenter.serviceUrl(spec.name()));
      }
      // Another delivery registered a newer release while this one started: it must keep serving.
      failure = older(spec, newer.get()) + " meanwhile";
    } else {
      // The cause alone, first: GitHub cuts a deployment status' description after 140 characters,
      // and the image reference travels in DeploymentFinished anyway.
      failure = rollout.summary();
    }
    run.move(NOT_AVAILABLE);
    if (previous.isEmpty()) {
      return run.result(failure + "; " + removeFirstRelease(target, spec));
    }
    return rollBack(run, target, spec, failure, previous.get());
  }

  /**
   * Waits until the datacenter's proxy serves the registered release, so that whoever follows the
   * reported URL finds it, and before the previous release is retired, which serves until the proxy
   * was reloaded. A proxy that does not serve it in time does not undo the rollout (the release
   * runs and is registered): the detail says so, first, where GitHub still shows it.
   *
   * @return "" when served or when the datacenter's proxy address is not known, else what the user
   *     must know
   */
  private String served(Run run, Datacenter datacenter, DeploymentSpec spec) {
    Optional<String> url = datacenter.proxiedUrl(spec.name(), spec.healthPath());
    if (url.isEmpty()) {
      return "";
    }
    Optional<String> notServed = proxyCheck.awaitServed(url.get(), spec.releaseId());
    if (notServed.isEmpty()) {
      return "";
    }
    String path = "/" + spec.name() + spec.healthPath();
    run.warn("not served by the proxy at " + url.get() + ": " + notServed.get());
    return "dc "
        + datacenter.name()
        + "'s proxy did not serve "
        + spec.name()
        + " yet (GET "
        + path
        + ": "
        + notServed.get()
        + "); ";
  }

  private DeploymentResult rolledOut(
      Run run, Target target, DeploymentSpec spec, String detail, Optional<String> serviceUrl) {
    // Only after the report: the previous release served until the new one answered, was registered
    // and (where the proxy's address is known) the proxy served it.
    run.retirement = () -> target.retirePrevious(spec);
    run.move(AVAILABLE);
    return run.result(detail, serviceUrl);
  }

  private DeploymentResult rollBack(
      Run run, Target target, DeploymentSpec spec, String failure, PreviousRevision previous) {
    run.move(ROLLBACK_STARTED);
    String to = "release " + previous.releaseId();
    RolloutStatus restored;
    try {
      restored = target.rollBack(spec, rolloutTimeout);
    } catch (TargetRefusedException e) {
      return run.end(
          ROLLBACK_NOT_AVAILABLE,
          failure + "; the rollback to " + to + " was refused: " + e.getMessage());
    }
    if (restored.complete()) {
      return run.end(ROLLBACK_AVAILABLE, failure + "; rolled back to " + to);
    }
    return run.end(
        ROLLBACK_NOT_AVAILABLE,
        failure
            + "; the rollback to "
            + to
            + " did not become available either: "
            + restored.summary());
  }

  private static String removeFirstRelease(Target target, DeploymentSpec spec) {
    String what = target.describe(spec);
    try {
      target.remove(spec);
      return "no previous release to roll back to, " + what + " removed";
    } catch (TargetRefusedException e) {
      return "no previous release to roll back to, and removing "
          + what
          + " was refused: "
          + e.getMessage();
    }
  }

  private ServiceRegistration registration(
      ImagePushed release, DeploymentSpec spec, RolloutStatus rollout) {
    return new ServiceRegistration(
        spec.name(),
        release.datacenter(),
        release.repository(),
        release.releaseId(),
        release.releaseNumber(),
        release.tag(),
        spec.image(),
        rollout.port(),
        spec.replicas(),
        rollout.endpoints(),
        clock.instant());
  }

  /**
   * The state of one deployment, moved only through {@link DeploymentLifecycle}, logged at each
   * step.
   */
  private static final class Run {
    private final ImagePushed release;
    private final String correlationId;
    private DeploymentState state = DeploymentState.PENDING;
    private Runnable retirement = () -> {};

    Run(ImagePushed release, String correlationId) {
      this.release = release;
      this.correlationId = correlationId;
    }

    void move(DeploymentSignal signal) {
      DeploymentState to = DeploymentLifecycle.next(state, signal);
      LOG.info(
          "deployment repo={} release={} dc={} from={} to={} correlation={}",
          release.repository(),
          release.releaseId(),
          release.datacenter(),
          state,
          to,
          correlationId);
      state = to;
    }

    void warn(String message) {
      LOG.warn(
          "deployment repo={} release={} dc={} state={} {} correlation={}",
          release.repository(),
          release.releaseId(),
          release.datacenter(),
          state,
          message,
          correlationId);
    }

    DeploymentResult end(DeploymentSignal signal, String detail) {
      move(signal);
      return result(detail);
    }

    DeploymentResult result(String detail) {
      return new DeploymentResult(state, detail);
    }

    DeploymentResult result(String detail, Optional<String> serviceUrl) {
      return new DeploymentResult(state, detail, serviceUrl);
    }
  }
}
