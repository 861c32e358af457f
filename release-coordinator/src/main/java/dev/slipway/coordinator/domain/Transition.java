package dev.slipway.coordinator.domain;

import dev.slipway.events.ReleaseState;

/** One release moving in one datacenter's lane; each is logged once. */
public record Transition(
    String repository,
    String releaseId,
    int number,
    String datacenter,
    ReleaseState from,
    ReleaseState to,
    String correlationId) {

  /**
   * @throws IllegalStateException the release may not go from {@code from} to {@code to}
   */
  public Transition {
    if (!from.allows(to)) {
      throw new IllegalStateException(
          "release " + releaseId + " of " + repository + " cannot go from " + from + " to " + to);
    }
  }

  public String describe() {
    return "release repo="
        + repository
        + " release="
        + releaseId
        + " v"
        + number
        + " dc="
        + datacenter
        + " "
        + from
        + " -> "
        + to
        + " correlation="
        + correlationId;
  }
}
