package dev.slipway.coordinator.domain;

/**
 * Where a release stands. {@code REQUESTED} only names the start of the first transition; a stored
 * release is {@code WAITING} for a lane or {@code IN_FLIGHT} in one, and leaves the store in one of
 * the four terminal states.
 */
public enum ReleaseState {
  REQUESTED,
  WAITING,
  IN_FLIGHT,
  COMPLETED,
  FAILED,
  SUPERSEDED,
  TIMED_OUT;

  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == SUPERSEDED || this == TIMED_OUT;
  }
}
