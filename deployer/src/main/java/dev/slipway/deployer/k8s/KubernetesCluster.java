package dev.slipway.deployer.k8s;

import dev.slipway.deployer.domain.Cluster;
import dev.slipway.deployer.domain.ClusterRefusedException;
import dev.slipway.deployer.domain.DeploymentSpec;
import dev.slipway.platform.kafka.RetryableException;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One datacenter's Kubernetes API through fabric8. The pod template a rollout replaces is kept in an
 * annotation of the Deployment itself, so a deployer that restarts mid-rollout still rolls back to
 * the right revision.
 */
public final class KubernetesCluster implements Cluster {

  static final String PREVIOUS_TEMPLATE = "slipway.dev/previous-template";
  static final String PREVIOUS_RELEASE = "slipway.dev/previous-release";
  private static final String UNKNOWN_RELEASE = "unknown";
  private static final int CONFLICT_ATTEMPTS = 5;

  private final String datacenter;
  private final KubernetesClient client;
  private final Duration pollInterval;
  private final Clock clock;

  public KubernetesCluster(String datacenter, KubernetesClient client, Duration pollInterval, Clock clock) {
    this.datacenter = datacenter;
    this.client = client;
    this.pollInterval = pollInterval;
    this.clock = clock;
  }

  @Override
  public Optional<PreviousRevision> apply(DeploymentSpec spec) {
    for (int attempt = 1; ; attempt++) {
      Deployment existing = call(() -> deployment(spec).get());
      Map<String, String> rollbackAnnotations = rollbackAnnotations(existing, spec.releaseId());
      Deployment desired = DeploymentMapper.toDeployment(spec, rollbackAnnotations);
      try {
        call(() -> client.resource(desired).createOr(NonDeletingOperation::update));
        return Optional.ofNullable(rollbackAnnotations.get(PREVIOUS_RELEASE)).map(PreviousRevision::new);
      } catch (RetryableException e) {
        // The controller writes the status between our read and our write; read again and retry
        // at once rather than hand the whole event back.
        if (!isConflict(e) || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
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
        PREVIOUS_RELEASE, annotations.getOrDefault(DeploymentSpec.RELEASE_ANNOTATION, UNKNOWN_RELEASE));
  }

  @Override
  public RolloutStatus awaitRollout(DeploymentSpec spec, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      Deployment current = call(() -> deployment(spec).get());
      if (current == null) {
        return new RolloutStatus(false, "Deployment " + spec.namespace() + "/" + spec.name() + " disappeared");
      }
      RolloutProgress progress = RolloutProgress.of(current);
      if (progress.complete()) {
        return new RolloutStatus(true, progress.summary());
      }
      if (progress.stalled().isPresent()) {
        return new RolloutStatus(false, progress.summary() + "; " + progress.stalled().get());
      }
      if (!clock.instant().isBefore(deadline)) {
        return new RolloutStatus(false, "not done within " + timeout.toSeconds() + "s: " + progress.summary());
      }
      pause();
    }
  }

  @Override
  public void rollBack(DeploymentSpec spec) {
    Deployment current = call(() -> deployment(spec).get());
    Map<String, String> annotations =
        current == null ? Map.of() : Optional.ofNullable(current.getMetadata().getAnnotations()).orElse(Map.of());
    String template = annotations.get(PREVIOUS_TEMPLATE);
    if (template == null) {
      throw new ClusterRefusedException(
          "Deployment " + spec.namespace() + "/" + spec.name() + " holds no previous pod template", null);
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
  }

  private RollableScalableResource<Deployment> deployment(DeploymentSpec spec) {
    return client.apps().deployments().inNamespace(spec.namespace()).withName(spec.name());
  }

  /** Unreachable API, server errors, throttling and write conflicts pass; any other refusal does not. */
  private <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      int code = e.getCode();
      if (code == 0 || code == 409 || code == 429 || code >= 500) {
        throw new RetryableException("Kubernetes API of dc " + datacenter + " failed (" + code + "): " + e.getMessage(), e);
      }
      throw new ClusterRefusedException(e.getMessage(), e);
    }
  }

  private void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("interrupted while waiting for a rollout in dc " + datacenter, e);
    }
  }
}
