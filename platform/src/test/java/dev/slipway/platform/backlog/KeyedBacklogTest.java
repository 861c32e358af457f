package dev.slipway.platform.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyedBacklogTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final KeyedBacklog<Integer, String> backlog =
      new KeyedBacklog<>(clock, Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  void keysTakeTurnsOneRecordEach() {
    for (int offset = 0; offset < 1000; offset++) {
      backlog.add(0, "org/busy", offset, "busy-" + offset);
    }
    backlog.add(0, "org/other", 1000, "other-pr");

    assertThat(backlog.due())
        .extracting(KeyedBacklog.Head::record)
        .containsExactly("busy-0", "other-pr");
  }

  @Test
  void aFailedKeyIsParkedWithItsLaterRecordsWhileOtherKeysGoOn() {
    backlog.add(0, "org/gone", 0, "gone-1");
    backlog.add(0, "org/gone", 1, "gone-2");
    backlog.add(0, "org/live", 2, "live-1");
    KeyedBacklog.Head<Integer, String> gone = backlog.due().get(0);

    assertThat(backlog.failed(gone)).isEqualTo(Duration.ofMillis(500));
    backlog.add(0, "org/live", 3, "live-2");

    assertThat(backlog.due()).extracting(KeyedBacklog.Head::record).containsExactly("live-1");
    assertThat(backlog.parked()).containsEntry("org/gone", 1);
    assertThat(backlog.untilNextDue()).contains(Duration.ZERO);
  }

  @Test
  void theBackOffDoublesUpToItsMaximumAndAHandledRecordResetsIt() {
    backlog.add(0, "org/gone", 0, "gone-1");
    backlog.add(0, "org/gone", 1, "gone-2");
    List<Duration> backoffs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      KeyedBacklog.Head<Integer, String> head = backlog.due().get(0);
      assertThat(head.failures()).isEqualTo(i);
      backoffs.add(backlog.failed(head));
      assertThat(backlog.due()).isEmpty();
      assertThat(backlog.untilNextDue()).contains(backoffs.get(i));
      clock.advance(backoffs.get(i));
    }
    assertThat(backoffs)
        .extracting(Duration::toMillis)
        .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L);

    backlog.done(backlog.due().get(0));

    KeyedBacklog.Head<Integer, String> next = backlog.due().get(0);
    assertThat(next.record()).isEqualTo("gone-2");
    assertThat(next.failures()).isZero();
  }

  @Test
  void aPartitionIsCommittableUpToItsOldestQueuedRecord() {
    backlog.add(0, "org/gone", 4, "gone-1");
    backlog.add(0, "org/live", 5, "live-1");
    backlog.add(1, "org/elsewhere", 9, "elsewhere-1");
    backlog.failed(backlog.due().get(0));
    backlog.done(
        backlog.due().stream()
            .filter(head -> head.key().equals("org/live"))
            .findFirst()
            .orElseThrow());

    assertThat(backlog.oldestQueued(0)).isEqualTo(OptionalLong.of(4));
    assertThat(backlog.oldestQueued(1)).isEqualTo(OptionalLong.of(9));
    assertThat(backlog.queued(0)).isEqualTo(1);

    backlog.drop(0);

    assertThat(backlog.oldestQueued(0)).isEmpty();
    assertThat(backlog.queued(0)).isZero();
    assertThat(backlog.due()).extracting(KeyedBacklog.Head::record).containsExactly("elsewhere-1");
  }

  @Test
  void nothingQueuedIsNothingToWaitFor() {
    assertThat(backlog.untilNextDue()).isEqualTo(Optional.empty());
    assertThat(backlog.due()).isEmpty();
  }
}
