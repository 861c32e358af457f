package dev.slipway.coordinator.domain;

import java.time.Duration;

/**
 * @param stepTimeout how long an in-flight release may go without an outcome before it times out
 * @param historySize finished releases remembered per repository, so their late or repeated events
 *     are ignored
 * @param outcomesPerLane lane outcomes kept per datacenter for operators
 */
public record CoordinatorRules(Duration stepTimeout, int historySize, int outcomesPerLane) {

  public CoordinatorRules {
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("stepTimeout must be positive, was " + stepTimeout);
    }
    if (historySize < 1 || outcomesPerLane < 1) {
      throw new IllegalArgumentException("historySize and outcomesPerLane must be at least 1");
    }
  }
}
