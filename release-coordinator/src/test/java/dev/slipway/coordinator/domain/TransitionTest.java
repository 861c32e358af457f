package dev.slipway.coordinator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.ReleaseState;
import org.junit.jupiter.api.Test;

class TransitionTest {

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
