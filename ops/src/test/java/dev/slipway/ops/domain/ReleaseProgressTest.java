package dev.slipway.ops.domain;

import static dev.slipway.testsupport.ReleaseSummaries.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.ReleaseState;
import dev.slipway.events.ReleaseSummary;
import dev.slipway.ops.domain.ReleaseHistory.Lane;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseProgressTest {

  private static final ReleaseSummary V6_IN_FLIGHT =
      release(6).state(ReleaseState.IN_FLIGHT, "dc1").build();

  @Test
  void aReleaseWaitingBehindAnotherSaysWhichAndOnlyChangesMakeLines() {
    ReleaseProgress progress = new ReleaseProgress("op-7");
    ReleaseSummary waiting =
        release(7).releaseId("op-7").state(ReleaseState.WAITING, "dc1").build();
    ReleaseHistory behind =
        history(List.of(new Lane("dc1", null, V6_IN_FLIGHT, List.of(waiting))), waiting);

    assertThat(progress.follow(behind))
        .containsExactly("v7 waiting for dc1, behind v6 in flight there");
    assertThat(progress.follow(behind)).isEmpty();
    assertThat(progress.ended()).isFalse();
  }

  @Test
  void aReleaseNotInTheViewYetChangesNothing() {
    ReleaseProgress progress = new ReleaseProgress("op-7");

    assertThat(progress.follow(history(List.of(), V6_IN_FLIGHT))).isEmpty();
    assertThat(progress.ended()).isFalse();
  }

  @Test
  void everyWayToEndButCompletedIsNotCompletedAndSaysWhy() {
    for (ReleaseState state :
        List.of(ReleaseState.FAILED, ReleaseState.TIMED_OUT, ReleaseState.SUPERSEDED)) {
      ReleaseProgress progress = new ReleaseProgress("op-7");
      ReleaseSummary ended =
          release(7)
              .releaseId("op-7")
              .state(state, "dc2")
              .rolledOutIn("dc1")
              .finished(Instant.parse("2026-12-01T03:12:00Z"), "the reason")
              .build();

      List<String> lines = progress.follow(history(List.of(), ended));

      assertThat(lines.get(0)).isEqualTo("v7 rolled out in dc1");
      assertThat(lines.get(1))
          .isEqualTo(
              switch (state) {
                case FAILED -> "v7 failed in dc2: the reason";
                case TIMED_OUT -> "v7 timed out in dc2: the reason";
                default -> "v7 superseded: the reason";
              });
      assertThat(progress.ended()).isTrue();
      assertThat(progress.completed()).isFalse();
    }
  }

  private static ReleaseHistory history(List<Lane> lanes, ReleaseSummary... releases) {
    return new ReleaseHistory("acme/shop", 7, lanes, List.of(releases), List.of());
  }
}
