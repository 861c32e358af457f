package dev.slipway.reporter.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBudgetTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void aFreshBudgetAllowsAWriteNow() {
    assertThat(WriteBudget.perMinuteAndHour(80, 500).nextWriteAt(T0)).isEqualTo(T0);
  }

  @Test
  void theMinuteLimitHoldsInEverySlidingMinuteWhenWritingAsFastAsAllowed() {
    WriteBudget budget = WriteBudget.perMinuteAndHour(80, 500);
    List<Instant> writes = writeAsFastAsAllowed(budget, T0, 400);

    assertThat(writes.get(79)).isEqualTo(T0);
    assertThat(writes.get(80))
        .as("the 81st waits until the first leaves the minute")
        .isEqualTo(T0.plusSeconds(60));
    assertThat(SlidingWindows.maxInAnyWindow(writes, Duration.ofMinutes(1))).isEqualTo(80);
  }

  @Test
  void theHourLimitHoldsOnceTheMinutesAddUpToIt() {
    WriteBudget budget = WriteBudget.perMinuteAndHour(80, 500);
    List<Instant> writes = writeAsFastAsAllowed(budget, T0, 600);

    assertThat(writes.get(499)).isEqualTo(T0.plus(Duration.ofMinutes(6)));
    assertThat(writes.get(500)).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(SlidingWindows.maxInAnyWindow(writes, Duration.ofHours(1))).isEqualTo(500);
    assertThat(SlidingWindows.maxInAnyWindow(writes, Duration.ofMinutes(1))).isEqualTo(80);
  }

  @Test
  void spreadOutWritesNeverWait() {
    WriteBudget budget = WriteBudget.perMinuteAndHour(2, 500);
    budget.record(T0);
    budget.record(T0.plusSeconds(40));

    assertThat(budget.nextWriteAt(T0.plusSeconds(70))).isEqualTo(T0.plusSeconds(70));
    assertThat(budget.nextWriteAt(T0.plusSeconds(50))).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void theRemainingWritesAreWhatTheTightestWindowStillAllows() {
    WriteBudget budget = WriteBudget.perMinuteAndHour(3, 4);
    assertThat(budget.remaining(T0)).isEqualTo(3);

    budget.record(T0);
    budget.record(T0.plusSeconds(30));
    assertThat(budget.remaining(T0.plusSeconds(30))).as("the minute's").isEqualTo(1);
    assertThat(budget.remaining(T0.plusSeconds(60)))
        .as("the first write has left the minute")
        .isEqualTo(2);

    budget.record(T0.plusSeconds(90));
    assertThat(budget.remaining(T0.plusSeconds(200)))
        .as("the hour's: three of four used")
        .isEqualTo(1);
    budget.record(T0.plusSeconds(200));
    assertThat(budget.remaining(T0.plusSeconds(300))).isZero();
    assertThat(budget.remaining(T0.plus(Duration.ofHours(1)))).isEqualTo(1);
  }

  @Test
  void aLimitMustAllowSomething() {
    assertThatThrownBy(() -> WriteBudget.perMinuteAndHour(0, 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one write");
  }

  private static List<Instant> writeAsFastAsAllowed(WriteBudget budget, Instant start, int count) {
    List<Instant> writes = new ArrayList<>();
    Instant now = start;
    for (int i = 0; i < count; i++) {
      now = budget.nextWriteAt(now);
      budget.record(now);
      writes.add(now);
    }
    return writes;
  }
}
