package dev.slipway.coordinator.domain;

import java.time.Instant;

/** How a release left one datacenter's lane, for operators. */
public record LaneOutcome(
    String releaseId, int number, String tag, Result result, String detail, Instant at) {

  public enum Result {
    ROLLED_OUT,
    FAILED,
    TIMED_OUT,
    SUPERSEDED
  }
}
