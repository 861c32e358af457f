package dev.slipway.coordinator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void anIllegalTransitionIsRefusedWhenItIsMade() {
    assertThatThrownBy(() -> transition(ReleaseState.COMPLETED, ReleaseState.IN_FLIGHT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("release release-3f2a of acme/shop cannot go from COMPLETED to IN_FLIGHT");
    assertThatThrownBy(() -> transition(ReleaseState.WAITING, ReleaseState.TIMED_OUT))
        .isInstanceOf(IllegalStateException.class);
    assertThat(transition(ReleaseState.WAITING, ReleaseState.IN_FLIGHT).describe())
        .isEqualTo(
            "release repo=acme/shop release=release-3f2a v3 dc=dc1 WAITING -> IN_FLIGHT correlation=delivery-1");
  }

  private static Transition transition(ReleaseState from, ReleaseState to) {
    return new Transition("acme/shop", "release-3f2a", 3, "dc1", from, to, "delivery-1");
  }
}
