package dev.slipway.coordinator.domain;

import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseRequested;

/**
 * What the coordinator decides on: a request or an operation, an outcome of an admitted release, or
 * the passing of time.
 */
public sealed interface CoordinatorInput {

  /**
   * @param correlationId the webhook delivery that published the release; all its decisions carry
   *     it
   */
  record Requested(ReleaseRequested request, String correlationId) implements CoordinatorInput {}

  /**
   * A person asked to roll back, retry or redeploy.
   *
   * @param correlationId the delivery or operations request that asked; all its decisions carry it
   */
  record Operated(ReleaseOperationRequested request, String correlationId)
      implements CoordinatorInput {}

  record BuildChanged(ReleaseBuildStateChanged change) implements CoordinatorInput {}

  record DeployFinished(DeploymentFinished deployment) implements CoordinatorInput {}

  /** Wall-clock time passed: in-flight steps past their deadline time out. */
  record ClockTick() implements CoordinatorInput {}
}
