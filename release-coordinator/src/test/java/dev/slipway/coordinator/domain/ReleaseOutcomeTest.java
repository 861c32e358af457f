package dev.slipway.coordinator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseSkipped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseOutcomeTest {

  /** A new event on slipway.release fails here until it is counted as an outcome of its own. */
  @Test
  void everyEventTheCoordinatorEmitsAndASkippedReleaseIsAnOutcomeOfItsOwn() {
    List<Class<?>> moves = new ArrayList<>(List.of(ReleaseEvent.class.getPermittedSubclasses()));
    moves.add(ReleaseSkipped.class);

    assertThat(moves)
        .extracting(ReleaseOutcome::ofType)
        .allMatch(Optional::isPresent)
        .extracting(Optional::get)
        .containsExactlyInAnyOrder(ReleaseOutcome.values());
  }
}
