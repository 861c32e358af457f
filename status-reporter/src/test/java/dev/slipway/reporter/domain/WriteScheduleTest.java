package dev.slipway.reporter.domain;

import static dev.slipway.reporter.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.RunState;
import dev.slipway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reporter's decisions, driven by hand: no thread, no GitHub, time from a clock the test moves.
 */
class WriteScheduleTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  private final MutableClock clock = new MutableClock(NOW);
  private final WriteSchedule schedule =
      schedule(new WriteBudget(List.of(new WriteBudget.Limit(100, Duration.ofSeconds(1)))));

  @Test
  void statusesAcceptedWhileAKeyWaitsAreCoalescedIntoItsNewest() {
    offer(status("lint", RunState.QUEUED, 0));
    offer(status("unit", RunState.QUEUED, 0));
    offer(status("unit", RunState.STARTED, 1));
    offer(status("unit", RunState.SUCCEEDED, 9));

    assertThat(writeAll()).containsExactly("slipway/lint queued", "slipway/unit passed in 9s");
    assertThat(schedule.next()).isEqualTo(new WriteSchedule.Idle());
  }

  @Test
  void anOlderOrUnchangedStatusIsNotAcceptedAndQueuesNothing() {
    offer(status("unit", RunState.SUCCEEDED, 9));
    writeAll();

    assertThat(offer(status("unit", RunState.SUCCEEDED, 9))).isEqualTo(Ordering.Verdict.UNCHANGED);
    assertThat(offer(status("unit", RunState.STARTED, 1))).isEqualTo(Ordering.Verdict.STALE);
    assertThat(schedule.queued()).isZero();
  }

  @Test
  void aStatusAcceptedWhileItsKeyIsBeingWrittenIsWrittenAfterIt() {
    offer(status("unit", RunState.STARTED, 1));
    WriteSchedule.Due started = due();
    offer(status("unit", RunState.SUCCEEDED, 9));
    schedule.wrote(started.status());

    assertThat(writeAll()).containsExactly("slipway/unit passed in 9s");
  }

  @Test
  void nothingIsDueBeforeTheBudgetAllowsOneMoreRequest() {
    WriteSchedule twoASecond =
        schedule(new WriteBudget(List.of(new WriteBudget.Limit(2, Duration.ofSeconds(1)))));
    assertThat(twoASecond.tryTakeRequest()).isTrue();
    clock.advance(Duration.ofMillis(400));
    assertThat(twoASecond.tryTakeRequest()).isTrue();
    assertThat(twoASecond.tryTakeRequest()).as("the window is spent").isFalse();
    twoASecond.accept(status("unit", RunState.SUCCEEDED, 9));

    assertThat(twoASecond.next()).isEqualTo(new WriteSchedule.NotBefore(NOW.plusSeconds(1)));
    clock.advance(Duration.ofMillis(600));
    assertThat(twoASecond.next()).isInstanceOf(WriteSchedule.Due.class);
  }

  @Test
  void aRateLimitPausesEveryWriteUntilTheTimeGitHubNamed() {
    offer(status("unit", RunState.SUCCEEDED, 9));
    offer(status("lint", RunState.SUCCEEDED, 9));
    WriteSchedule.Due unit = due();
    Instant retryAt = NOW.plusSeconds(30);
    schedule.requestSent();

    assertThat(
            schedule.failed(
                unit.status(), failure(GitHubWriteException.Kind.RATE_LIMITED, retryAt), false))
        .isFalse();

    assertThat(schedule.next()).isEqualTo(new WriteSchedule.NotBefore(retryAt));
    assertThat(schedule.tryTakeRequest()).as("other requests wait too").isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(writeAll())
        .as("the status that hit the limit goes first")
        .containsExactly("slipway/unit passed in 9s", "slipway/lint passed in 9s");
  }

  @Test
  void anOutageBacksOffDoublingUpToTheMaximumAndAWriteResetsIt() {
    offer(status("unit", RunState.SUCCEEDED, 9));
    for (Duration expected :
        List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(4))) {
      clock.advance(Duration.ofMinutes(1));
      schedule.failed(due().status(), failure(GitHubWriteException.Kind.UNAVAILABLE, null), false);
      assertThat(schedule.next())
          .isEqualTo(new WriteSchedule.NotBefore(clock.instant().plus(expected)));
    }
    clock.advance(Duration.ofMinutes(1));
    schedule.wrote(due().status());
    offer(status("lint", RunState.SUCCEEDED, 10));
    schedule.failed(due().status(), failure(GitHubWriteException.Kind.UNAVAILABLE, null), false);

    assertThat(schedule.next())
        .isEqualTo(new WriteSchedule.NotBefore(clock.instant().plus(FIRST_BACKOFF)));
  }

  @Test
  void aRefusedStatusIsDroppedAndANewerOneOfItsKeyStillGoesOut() {
    offer(status("unit", RunState.STARTED, 1));
    WriteSchedule.Due started = due();
    offer(status("unit", RunState.SUCCEEDED, 9));

    assertThat(
            schedule.failed(
                started.status(), failure(GitHubWriteException.Kind.REJECTED, null), false))
        .isTrue();

    assertThat(writeAll()).containsExactly("slipway/unit passed in 9s");
  }

  @Test
  void whatAJournalHadAcceptedButNotWrittenIsAskedForFirstOldestFirst() {
    DesiredStatus unitWritten = status("unit", RunState.SUCCEEDED, 9);
    DesiredStatus lint = status("lint", RunState.FAILED, 5);
    DesiredStatus docs = status("docs", RunState.STARTED, 2);

    int waiting =
        schedule.load(
            Map.of(unitWritten.key(), unitWritten, lint.key(), lint, docs.key(), docs),
            Map.of(unitWritten.key(), unitWritten));

    assertThat(waiting).isEqualTo(2);
    assertThat(List.of(due(), due()))
        .containsExactly(new WriteSchedule.Due(docs, true), new WriteSchedule.Due(lint, true));
    assertThat(schedule.judge(unitWritten)).isEqualTo(Ordering.Verdict.UNCHANGED);
  }

  @Test
  void aStatusGivenBackByAFailedWriterGoesFirstAndIsAskedFor() {
    offer(status("unit", RunState.SUCCEEDED, 9));
    offer(status("lint", RunState.SUCCEEDED, 9));
    WriteSchedule.Due unit = due();
    assertThat(unit.askFirst()).isFalse();

    assertThat(schedule.giveBack(unit.status())).isTrue();

    assertThat(due()).isEqualTo(new WriteSchedule.Due(unit.status(), true));
  }

  @Test
  void aFailureBeforeGitHubWasAskedKeepsTheQuestionForTheRetry() {
    DesiredStatus lint = status("lint", RunState.FAILED, 5);
    schedule.load(Map.of(lint.key(), lint), Map.of());

    schedule.failed(due().status(), failure(GitHubWriteException.Kind.UNAVAILABLE, null), true);
    clock.advance(FIRST_BACKOFF);

    assertThat(due().askFirst()).isTrue();
  }

  private WriteSchedule schedule(WriteBudget budget) {
    return new WriteSchedule(clock, budget, FIRST_BACKOFF, MAX_BACKOFF);
  }

  private Ordering.Verdict offer(DesiredStatus status) {
    Ordering.Verdict verdict = schedule.judge(status);
    if (verdict == Ordering.Verdict.NEWER) {
      schedule.accept(status);
    }
    return verdict;
  }

  private WriteSchedule.Due due() {
    WriteSchedule.Next next = schedule.next();
    assertThat(next).isInstanceOf(WriteSchedule.Due.class);
    return (WriteSchedule.Due) next;
  }

  /** Writes whatever is due, as a writer with a GitHub that accepts everything would. */
  private List<String> writeAll() {
    List<String> written = new ArrayList<>();
    for (WriteSchedule.Next next = schedule.next();
        next instanceof WriteSchedule.Due due;
        next = schedule.next()) {
      schedule.requestSent();
      schedule.wrote(due.status());
      DesiredStatus status = (DesiredStatus) due.status();
      written.add(status.key().context() + " " + status.description());
    }
    return written;
  }

  private static GitHubWriteException failure(GitHubWriteException.Kind kind, Instant retryAt) {
    return new GitHubWriteException(kind, retryAt, kind.name(), null);
  }

  private static DesiredStatus status(String task, RunState state, long secondsAfterStart) {
    return Events.status(Events.run(REPO, SHA, task, state, T0.plusSeconds(secondsAfterStart)));
  }
}
