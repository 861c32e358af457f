package dev.slipway.reporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.platform.workers.Supervisor;
import dev.slipway.reporter.domain.DesiredStatus;
import dev.slipway.reporter.domain.Events;
import dev.slipway.reporter.domain.RecordingPort;
import dev.slipway.reporter.domain.ReporterBuilder;
import dev.slipway.reporter.domain.StatusReporter;
import dev.slipway.testsupport.WorkerRestarts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GitHub writer under the platform's {@link Supervisor}, as {@code Workers} runs it: a writer
 * that throws is replaced and goes on where it stopped; one that dies of an {@link Error} is a
 * failure the health check reports.
 */
class StatusWriterSupervisionTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";

  @TempDir Path stateDir;

  private final WorkerRestarts restarts = new WorkerRestarts();
  private final Supervisor supervisor =
      new Supervisor(
          Duration.ofMillis(10), Duration.ofMillis(50), Supervisor.Listener.onRestart(restarts));
  private final List<StatusReporter> reporters = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    supervisor.close();
    for (StatusReporter reporter : reporters) {
      reporter.close();
    }
  }

  /** Whether the failed request reached GitHub before the client threw. */
  enum Reached {
    NO,
    YES
  }

  @ParameterizedTest
  @EnumSource(Reached.class)
  void aWriterThatThrowsIsReplacedAndEveryStatusIsWrittenExactlyOnce(Reached reached)
      throws Exception {
    RecordingPort github = new RecordingPort();
    github.failNextWrite(
        new IllegalStateException("cannot read GitHub's answer"), reached == Reached.YES);
    StatusReporter reporter = reporter(github);
    supervisor.start(StatusWriterWorker.NAME, () -> new StatusWriterWorker(reporter));

    reporter.report(status("lint", RunState.FAILED));
    reporter.report(status("unit", RunState.SUCCEEDED));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> shown(github).size() >= 2 && reporter.pending() == 0);
    assertThat(shown(github)).containsExactly("slipway/lint FAILURE", "slipway/unit SUCCESS");
    assertThat(restarts.lines())
        .containsExactly("github-status-writer: cannot read GitHub's answer");
    assertThat(supervisor.failures()).isEmpty();
  }

  @Test
  void aWriterThatDiesOfAnErrorIsAFailureAndItsStatusWaitsInTheJournal() throws Exception {
    RecordingPort github = new RecordingPort();
    github.failNextWrite(new NoClassDefFoundError("org/kohsuke/github/GHCommitState"), false);
    StatusReporter reporter = reporter(github);
    supervisor.start(StatusWriterWorker.NAME, () -> new StatusWriterWorker(reporter));

    reporter.report(status("lint", RunState.FAILED));

    await().atMost(Duration.ofSeconds(5)).until(() -> !supervisor.failures().isEmpty());
    // WorkersHealthCheck answers DOWN, with this as its data, while the supervisor has a failure.
    assertThat(supervisor.failures())
        .containsExactly(
            new Supervisor.Failure(
                "github-status-writer",
                "java.lang.NoClassDefFoundError: org/kohsuke/github/GHCommitState"));
    assertThat(restarts.lines()).isEmpty();
    assertThat(shown(github)).isEmpty();
    assertThat(reporter.pending()).isEqualTo(1);

    // The platform restarts the service once liveness is down: the status is written then.
    reporter.close();
    RecordingPort afterRestart = new RecordingPort();
    reporters.add(new ReporterBuilder(stateDir).commits(afterRestart).started());
    await().atMost(Duration.ofSeconds(5)).until(() -> !shown(afterRestart).isEmpty());
    assertThat(shown(afterRestart)).containsExactly("slipway/lint FAILURE");
  }

  private StatusReporter reporter(RecordingPort github) throws Exception {
    StatusReporter reporter = new ReporterBuilder(stateDir).commits(github).build();
    reporters.add(reporter);
    reporter.start();
    return reporter;
  }

  /** The commit statuses GitHub took, oldest first: context and state. */
  private static List<String> shown(RecordingPort github) {
    return github.writes().stream()
        .map(write -> write.key().context() + " " + write.state())
        .toList();
  }

  private static DesiredStatus status(String task, RunState state) {
    return Events.status(Events.run(REPO, SHA, task, state, Events.T0.plusSeconds(5)));
  }
}
