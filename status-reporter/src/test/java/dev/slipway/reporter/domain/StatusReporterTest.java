package dev.slipway.reporter.domain;

import static dev.slipway.reporter.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReporterTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";

  @TempDir Path stateDir;

  private final RecordingPort github = new RecordingPort();

  @Test
  void aRunThatFinishedWhileWaitingCostsOneWrite() throws Exception {
    try (StatusReporter reporter = reporter(stateDir)) {
      github.close();
      reporter.report(status("lint", RunState.QUEUED, 0));
      github.awaitWriteStarted();
      reporter.report(status("unit", RunState.QUEUED, 0));
      reporter.report(status("unit", RunState.STARTED, 1));
      reporter.report(status("unit", RunState.SUCCEEDED, 9));
      github.open();

      awaitWrites(2);
      assertThat(github.writes())
          .extracting(RecordingPort.Write::description)
          .containsExactly("queued", "passed in 9s");
    }
  }

  @Test
  void nothingIsWrittenWhenNothingChangedOrTheStatusIsOlder() throws Exception {
    try (StatusReporter reporter = reporter(stateDir)) {
      reporter.report(status("unit", RunState.SUCCEEDED, 9));
      awaitWrites(1);

      assertThat(reporter.report(status("unit", RunState.SUCCEEDED, 9)))
          .isEqualTo(Ordering.Verdict.UNCHANGED);
      assertThat(reporter.report(status("unit", RunState.STARTED, 1)))
          .isEqualTo(Ordering.Verdict.STALE);
      assertThat(reporter.report(status("unit", RunState.FAILED, 12)))
          .isEqualTo(Ordering.Verdict.STALE);
      awaitIdle(reporter);
      assertThat(github.writes()).hasSize(1);
    }
  }

  @Test
  void aRestartRemembersWhatWasWrittenAndWritesWhatWasNot() throws Exception {
    try (StatusReporter first = reporter(stateDir)) {
      first.report(status("unit", RunState.SUCCEEDED, 9));
      awaitWrites(1);
      github.goDown();
      first.report(status("lint", RunState.FAILED, 5));
      github.awaitWriteStarted();
    }
    RecordingPort afterRestart = new RecordingPort();
    try (StatusReporter second = reporter(stateDir, afterRestart)) {
      assertThat(second.report(status("unit", RunState.SUCCEEDED, 9)))
          .isEqualTo(Ordering.Verdict.UNCHANGED);
      assertThat(second.report(status("unit", RunState.STARTED, 1)))
          .isEqualTo(Ordering.Verdict.STALE);
      awaitIdle(second);
      assertThat(afterRestart.writes())
          .extracting(write -> write.key().context() + " " + write.state())
          .containsExactly("slipway/lint FAILURE");
    }
  }

  @Test
  void aStatusThatReachedGitHubJustBeforeARestartIsNotWrittenAgain() throws Exception {
    DesiredStatus lint = status("lint", RunState.FAILED, 5);
    try (StatusReporter first = reporter(stateDir)) {
      github.goDown();
      first.report(lint);
      github.awaitWriteStarted();
    }
    RecordingPort afterRestart = new RecordingPort();
    afterRestart.alreadyShows(lint.key(), lint.state(), lint.description());
    try (StatusReporter second = reporter(stateDir, afterRestart)) {
      awaitIdle(second);
      assertThat(afterRestart.writes()).as("only the write from before the restart").hasSize(1);
    }
  }

  @Test
  void requestsTakenFromTheSharedBudgetHoldTheWriterBackWithinTheSameWindow() throws Exception {
    WriteBudget threeASecond =
        new WriteBudget(List.of(new WriteBudget.Limit(3, Duration.ofSeconds(1))));
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    try (StatusReporter reporter =
        new ReporterBuilder(stateDir).commits(github).budget(threeASecond).clock(clock).started()) {
      RequestBudget shared = reporter.sharedBudget();
      assertThat(List.of(shared.tryTake(), shared.tryTake(), shared.tryTake(), shared.tryTake()))
          .containsExactly(true, true, true, false);

      reporter.report(status("unit", RunState.SUCCEEDED, 9));

      await().until(() -> reporter.heldBackUntil().isPresent());
      assertThat(reporter.heldBackUntil()).contains(clock.instant().plusSeconds(1));
      assertThat(github.writes()).as("held back while the window is spent").isEmpty();
      clock.advance(Duration.ofSeconds(1));
      awaitWrites(1);
    }
  }

  private StatusReporter reporter(Path dir) throws Exception {
    return reporter(dir, github);
  }

  private static StatusReporter reporter(Path dir, RecordingPort port) throws Exception {
    return new ReporterBuilder(dir).commits(port).started();
  }

  private static DesiredStatus status(String task, RunState state, long secondsAfterStart) {
    Instant at = T0.plusSeconds(secondsAfterStart);
    return Events.status(Events.run(REPO, SHA, task, state, at));
  }

  private void awaitWrites(int count) {
    await().until(() -> github.writes().size() >= count);
  }

  /** Until the reporter has written, or decided not to write, everything it accepted. */
  static void awaitIdle(StatusReporter reporter) {
    await().until(() -> reporter.pending() == 0);
  }
}
