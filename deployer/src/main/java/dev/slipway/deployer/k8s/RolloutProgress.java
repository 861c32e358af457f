package dev.slipway.deployer.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Optional;

/**
 * What a Deployment's status says about its rollout, read the way {@code kubectl rollout status}
 * does.
 */
record RolloutProgress(
    int desired, int updated, int available, boolean observed, Optional<String> stalled) {

  static RolloutProgress of(Deployment deployment) {
    DeploymentStatus status =
        Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
    long generation = orZero(deployment.getMetadata().getGeneration());
    // A controller that has not looked at the newest spec yet reports the old template's numbers.
    boolean observed =
        status.getObservedGeneration() != null && status.getObservedGeneration() >= generation;
    List<DeploymentCondition> conditions =
        Optional.ofNullable(status.getConditions()).orElse(List.of());
    Optional<String> stalled =
        conditions.stream()
            .filter(
                c ->
                    "Progressing".equals(c.getType())
                        && "ProgressDeadlineExceeded".equals(c.getReason()))
            .map(c -> "progress deadline exceeded: " + c.getMessage())
            .findFirst();
    return new RolloutProgress(
        // The API defaults spec.replicas to 1.
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas(),
        (int) orZero(status.getUpdatedReplicas()),
        (int) orZero(status.getAvailableReplicas()),
        observed,
        stalled);
  }

  boolean complete() {
    return observed && updated == desired && available == desired;
  }

  String summary() {
    return updated
        + "/"
        + desired
        + " replicas updated, "
        + available
        + "/"
        + desired
        + " available"
        + (observed ? "" : ", newest spec not yet observed");
  }

  /**
   * What is missing, cause first: on how many replicas the readiness probe of {@code healthPath}
   * passed ({@code within}: " within 300s", or empty).
   */
  String shortfall(String healthPath, String within) {
    return "readiness GET "
        + healthPath
        + " passed on "
        + available
        + "/"
        + desired
        + " replicas"
        + within
        + " ("
        + updated
        + "/"
        + desired
        + " updated"
        + (observed ? "" : ", newest spec not yet observed")
        + ")";
  }

  private static long orZero(Number number) {
    return number == null ? 0 : number.longValue();
  }
}
