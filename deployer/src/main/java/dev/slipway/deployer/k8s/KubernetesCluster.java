package dev.slipway.deployer.k8s;

import dev.slipway.deployer.domain.DeploymentSpec;
import dev.slipway.deployer.domain.DeploymentSpecBuilder;
import dev.slipway.deployer.domain.ServiceOwnedElsewhereException;
import dev.slipway.deployer.domain.Target;
import dev.slipway.deployer.domain.TargetRefusedException;
import dev.slipway.deployer.targets.Polling;
import dev.slipway.platform.kafka.RetryableException;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.ServiceResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One datacenter's Kubernetes API through fabric8: a Deployment and a NodePort Service per service.
 * The pod template a rollout replaces is kept in an annotation of the Deployment itself, so a
 * deployer that restarts mid-rollout still rolls back to the right revision. The datacenter's
 * haproxy reaches a service on its node port of every node ({@code nodes}).
 */
public final class KubernetesCluster implements Target {

  static final String PREVIOUS_TEMPLATE = "slipway.dev/previous-template";
  static final String PREVIOUS_RELEASE = "slipway.dev/previous-release";
  private static final String UNKNOWN_RELEASE = "unknown";
  private static final int CONFLICT_ATTEMPTS = 5;

  private final String datacenter;
  private final KubernetesClient client;
  private final List<String> nodes;
  private final Duration pollInterval;
  private final Clock clock;

  /**
   * @param nodes the addresses of the nodes haproxy reaches node ports on; empty: haproxy's own
   *     upstream list
   */
  public KubernetesCluster(
      String datacenter,
      KubernetesClient client,
      List<String> nodes,
      Duration pollInterval,
      Clock clock) {
    this.datacenter = datacenter;
    this.client = client;
    this.nodes = List.copyOf(nodes);
    this.pollInterval = pollInterval;
    this.clock = clock;
  }

  @Override
  public Optional<PreviousRevision> apply(DeploymentSpec spec) {
    for (int attempt = 1; ; attempt++) {
      Deployment existing = call(() -> deployment(spec).get());
      checkOwner(spec, existing);
      Map<String, String> rollbackAnnotations = rollbackAnnotations(existing, spec.releaseId());
      Deployment desired = DeploymentMapper.toDeployment(spec, rollbackAnnotations);
      try {
        call(() -> client.resource(desired).createOr(NonDeletingOperation::update));
        applyService(spec);
        return Optional.ofNullable(rollbackAnnotations.get(PREVIOUS_RELEASE))
            .map(PreviousRevision::new);
      } catch (RetryableException e) {
        // The controller writes the status between our read and our write; read again and retry
        // at once rather than hand the whole event back.
        if (!isConflict(e) || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * The first repository to deploy a service name owns it; its annotation (or label) says which.
   */
  private static void checkOwner(DeploymentSpec spec, Deployment existing) {
    if (existing == null) {
      return;
    }
    Map<String, String> annotations =
        Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of());
    Map<String, String> labels =
        Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
    String owner = annotations.get(DeploymentSpec.REPO_ANNOTATION);
    String ownerLabel = labels.get(DeploymentSpecBuilder.REPO_LABEL);
    if (owner != null && !owner.equals(spec.repository())) {
      throw new ServiceOwnedElsewhereException(spec.name(), owner);
    }
    if (owner == null
        && ownerLabel != null
        && !ownerLabel.equals(spec.labels().get(DeploymentSpecBuilder.REPO_LABEL))) {
      throw new ServiceOwnedElsewhereException(spec.name(), ownerLabel);
    }
  }

  /**
   * Creates or updates the NodePort Service of the service's port. An existing node port is kept:
   * haproxy and the registration point at it.
   */
  private void applyService(DeploymentSpec spec) {
    Service existing = call(() -> service(spec).get());
    Integer nodePort =
        existing == null
                || existing.getSpec().getPorts() == null
                || existing.getSpec().getPorts().isEmpty()
            ? null
            : existing.getSpec().getPorts().get(0).getNodePort();
    Service desired = DeploymentMapper.toService(spec, nodePort);
    call(() -> client.resource(desired).createOr(NonDeletingOperation::update));
  }

  private static boolean isConflict(RetryableException e) {
    return e.getCause() instanceof KubernetesClientException
        && ((KubernetesClientException) e.getCause()).getCode() == 409;
  }

  /**
   * What to roll back to: the template running now, or, when this release was already applied (the
   * event came again), what that first apply remembered.
   */
  private static Map<String, String> rollbackAnnotations(Deployment existing, String releaseId) {
    if (existing == null) {
      return Map.of();
    }
    Map<String, String> annotations =
        Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of());
    if (releaseId.equals(annotations.get(DeploymentSpec.RELEASE_ANNOTATION))) {
      if (!annotations.containsKey(PREVIOUS_TEMPLATE)) {
        return Map.of();
      }
      return Map.of(
          PREVIOUS_TEMPLATE, annotations.get(PREVIOUS_TEMPLATE),
          PREVIOUS_RELEASE, annotations.getOrDefault(PREVIOUS_RELEASE, UNKNOWN_RELEASE));
    }
    return Map.of(
        PREVIOUS_TEMPLATE, Serialization.asJson(existing.getSpec().getTemplate()),
        PREVIOUS_RELEASE,
            annotations.getOrDefault(DeploymentSpec.RELEASE_ANNOTATION, UNKNOWN_RELEASE));
  }

  @Override
  public RolloutStatus awaitRollout(DeploymentSpec spec, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      Deployment current = call(() -> deployment(spec).get());
      if (current == null) {
        return RolloutStatus.incomplete(
            "Deployment " + spec.namespace() + "/" + spec.name() + " disappeared");
      }
      RolloutProgress progress = RolloutProgress.of(current);
      Optional<Integer> nodePort = nodePort(spec);
      if (progress.complete() && nodePort.isPresent()) {
        List<String> endpoints =
            nodes.stream().map(node -> node + ":" + nodePort.get()).collect(Collectors.toList());
        return new RolloutStatus(
            true, progress.summary() + ", node port " + nodePort.get(), endpoints, nodePort.get());
      }
      if (progress.stalled().isPresent()) {
        return RolloutStatus.incomplete(
            progress.shortfall(spec.healthPath(), "") + "; " + progress.stalled().get());
      }
      if (!clock.instant().isBefore(deadline)) {
        return RolloutStatus.incomplete(
            progress.shortfall(spec.healthPath(), " within " + timeout.toSeconds() + "s")
                + (nodePort.isEmpty() ? ", no node port yet" : ""));
      }
      Polling.pause(pollInterval, "a rollout in dc " + datacenter);
    }
  }

  private Optional<Integer> nodePort(DeploymentSpec spec) {
    Service service = call(() -> service(spec).get());
    if (service == null || service.getSpec().getPorts() == null) {
      return Optional.empty();
    }
    return service.getSpec().getPorts().stream()
        .map(ServicePort::getNodePort)
        .filter(port -> port != null)
        .findFirst();
  }

  /**
   * Nothing to do: the deployment controller replaced the previous release's pods during the
   * rollout.
   */
  @Override
  public void retirePrevious(DeploymentSpec spec) {}

  @Override
  public RolloutStatus rollBack(DeploymentSpec spec, Duration timeout) {
    restorePreviousTemplate(spec);
    return awaitRollout(spec, timeout);
  }

  @Override
  public String describe(DeploymentSpec spec) {
    return spec.namespace() + "/" + spec.name();
  }

  private void restorePreviousTemplate(DeploymentSpec spec) {
    Deployment current = call(() -> deployment(spec).get());
    Map<String, String> annotations =
        current == null
            ? Map.of()
            : Optional.ofNullable(current.getMetadata().getAnnotations()).orElse(Map.of());
    String template = annotations.get(PREVIOUS_TEMPLATE);
    if (template == null) {
      throw new TargetRefusedException(
          "Deployment " + spec.namespace() + "/" + spec.name() + " holds no previous pod template",
          null);
    }
    PodTemplateSpec previous = Serialization.unmarshal(template, PodTemplateSpec.class);
    call(
        () ->
            deployment(spec)
                .edit(
                    deployment ->
                        new DeploymentBuilder(deployment)
                            .editMetadata()
                            .withLabels(previous.getMetadata().getLabels())
                            .removeFromAnnotations(PREVIOUS_TEMPLATE)
                            .removeFromAnnotations(PREVIOUS_RELEASE)
                            .addToAnnotations(
                                DeploymentSpec.RELEASE_ANNOTATION,
                                annotations.getOrDefault(PREVIOUS_RELEASE, UNKNOWN_RELEASE))
                            .endMetadata()
                            .editSpec()
                            .withTemplate(previous)
                            .endSpec()
                            .build()));
  }

  @Override
  public void remove(DeploymentSpec spec) {
    call(() -> deployment(spec).delete());
    call(() -> service(spec).delete());
  }

  private ServiceResource<Service> service(DeploymentSpec spec) {
    return client.services().inNamespace(spec.namespace()).withName(spec.name());
  }

  private RollableScalableResource<Deployment> deployment(DeploymentSpec spec) {
    return client.apps().deployments().inNamespace(spec.namespace()).withName(spec.name());
  }

  /**
   * Unreachable API, server errors, throttling and write conflicts pass; any other refusal does
   * not.
   */
  private <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      int code = e.getCode();
      if (code == 0 || code == 409 || code == 429 || code >= 500) {
        throw new RetryableException(
            "Kubernetes API of dc " + datacenter + " failed (" + code + "): " + e.getMessage(), e);
      }
      throw new TargetRefusedException(e.getMessage(), e);
    }
  }
}
