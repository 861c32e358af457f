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
import static dev.slipway.deployer.domain.DeploymentState.APPLYING;
import static dev.slipway.deployer.domain.DeploymentState.FAILED;
import static dev.slipway.deployer.domain.DeploymentState.PENDING;
import static dev.slipway.deployer.domain.DeploymentState.ROLLED_BACK;
import static dev.slipway.deployer.domain.DeploymentState.ROLLED_OUT;
import static dev.slipway.deployer.domain.DeploymentState.ROLLING_BACK;
import static dev.slipway.deployer.domain.DeploymentState.ROLLING_OUT;

import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that decides a deployment's transitions: PENDING → APPLYING → ROLLING_OUT →
 * ROLLED_OUT | FAILED → ROLLING_BACK → ROLLED_BACK. A failed rollback ends in FAILED, from which
 * nothing leads further.
 */
public final class DeploymentLifecycle {

  private static final Map<DeploymentState, Map<DeploymentSignal, DeploymentState>> NEXT =
      new EnumMap<>(DeploymentState.class);

  static {
    allow(PENDING, ACCEPTED, APPLYING);
    allow(PENDING, REJECTED, FAILED);
    allow(APPLYING, APPLIED, ROLLING_OUT);
    allow(APPLYING, APPLY_REFUSED, FAILED);
    allow(ROLLING_OUT, AVAILABLE, ROLLED_OUT);
    allow(ROLLING_OUT, NOT_AVAILABLE, FAILED);
    allow(FAILED, ROLLBACK_STARTED, ROLLING_BACK);
    allow(ROLLING_BACK, ROLLBACK_AVAILABLE, ROLLED_BACK);
    allow(ROLLING_BACK, ROLLBACK_NOT_AVAILABLE, FAILED);
  }

  private DeploymentLifecycle() {}

  /**
   * @throws IllegalStateException when {@code signal} cannot happen in state {@code from}: a defect
   *     in the caller, never a user error
   */
  public static DeploymentState next(DeploymentState from, DeploymentSignal signal) {
    DeploymentState to = NEXT.getOrDefault(from, Map.of()).get(signal);
    if (to == null) {
      throw new IllegalStateException("no transition from " + from + " on " + signal);
    }
    return to;
  }

  private static void allow(DeploymentState from, DeploymentSignal signal, DeploymentState to) {
    NEXT.computeIfAbsent(from, state -> new EnumMap<>(DeploymentSignal.class)).put(signal, to);
  }
}
