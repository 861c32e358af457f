package dev.slipway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleaseStateTest {

  /** Every move a release makes, as the coordinator makes it; everything else is refused. */
  private static final Set<String> ALLOWED =
      Set.of(
          "REQUESTED -> WAITING",
          "REQUESTED -> FAILED",
          "REQUESTED -> SUPERSEDED",
          "WAITING -> IN_FLIGHT",
          "WAITING -> SUPERSEDED",
          "IN_FLIGHT -> WAITING",
          "IN_FLIGHT -> COMPLETED",
          "IN_FLIGHT -> FAILED",
          "IN_FLIGHT -> TIMED_OUT");

  @Test
  void onlyTheTransitionsOfTheTableAreAllowed() {
    List<String> allowed = new ArrayList<>();
    for (ReleaseState from : ReleaseState.values()) {
      for (ReleaseState to : ReleaseState.values()) {
        if (from.allows(to)) {
          allowed.add(from + " -> " + to);
        }
      }
    }

    assertThat(allowed).containsExactlyInAnyOrderElementsOf(ALLOWED);
  }

  @Test
  void aTerminalStateIsOneThatAllowsNothing() {
    assertThat(ReleaseState.values())
        .filteredOn(ReleaseState::terminal)
        .containsExactlyInAnyOrder(
            ReleaseState.COMPLETED,
            ReleaseState.FAILED,
            ReleaseState.SUPERSEDED,
            ReleaseState.TIMED_OUT);
  }
}
