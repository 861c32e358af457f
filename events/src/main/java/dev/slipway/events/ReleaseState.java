package dev.slipway.events;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a release stands, as the release-coordinator decides it and shows it ({@code GET
 * /releases/{owner}/{repo}}). {@code REQUESTED} only names the start of the first transition; a
 * stored release is {@code WAITING} for a lane or {@code IN_FLIGHT} in one, and leaves the store in
 * one of the four terminal states. {@link #allows} is the one table of the transitions a release
 * may make; the coordinator checks every transition against it. It lives with the events because
 * the operations CLI reads it in the coordinator's view too, and follows a release until it is
 * terminal.
 */
public enum ReleaseState {
  REQUESTED,
  WAITING,
  IN_FLIGHT,
  COMPLETED,
  FAILED,
  SUPERSEDED,
  TIMED_OUT;

  private static final Map<ReleaseState, Set<ReleaseState>> NEXT =
      new EnumMap<>(ReleaseState.class);

  static {
    // A request fails at once when it names no datacenter, and is superseded at once when a newer
    // release already went; otherwise it waits for its first lane.
    NEXT.put(REQUESTED, EnumSet.of(WAITING, FAILED, SUPERSEDED));
    // Only the newest waiting release of a superseding repository is admitted; the older ones end.
    NEXT.put(WAITING, EnumSet.of(IN_FLIGHT, SUPERSEDED));
    // Rolled out in a datacenter that is not the last: it waits for the next datacenter's lane.
    NEXT.put(IN_FLIGHT, EnumSet.of(WAITING, COMPLETED, FAILED, TIMED_OUT));
    for (ReleaseState terminal : EnumSet.of(COMPLETED, FAILED, SUPERSEDED, TIMED_OUT)) {
      NEXT.put(terminal, EnumSet.noneOf(ReleaseState.class));
    }
  }

  public boolean terminal() {
    return NEXT.get(this).isEmpty();
  }

  /** Whether a release in this state may go to {@code next}. */
  public boolean allows(ReleaseState next) {
    return NEXT.get(this).contains(next);
  }
}
