package dev.slipway.ops.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.RunState;
import dev.slipway.ops.SampleEvents;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TailFilterTest {

  private final TracedEvent planned =
      new TracedEvent(
          "t",
          "w",
          "d",
          null,
          null,
          "dev.slipway.task.planned",
          "/slipway/task-compiler",
          "slipway.task-spec",
          0,
          1,
          java.time.Instant.EPOCH,
          "acme/widgets",
          SampleEvents.task("acme/widgets", "run-1", "unit"));
  private final TracedEvent started =
      TracedEvents.runState("s", 1, Duration.ZERO, RunState.QUEUED, RunState.STARTED);

  @Test
  void filtersByRepositoryAndByTypeOrClassName() {
    assertThat(new TailFilter(null, null).shows(planned)).isTrue();
    assertThat(new TailFilter("acme/widgets", null).shows(planned)).isTrue();
    assertThat(new TailFilter("acme/gadgets", null).shows(planned)).isFalse();
    assertThat(new TailFilter(null, "dev.slipway.task.planned").shows(planned)).isTrue();
    assertThat(new TailFilter(null, "taskplanned").shows(planned)).isTrue();
    assertThat(new TailFilter(null, "TaskPlanned").shows(started)).isFalse();
  }
}
