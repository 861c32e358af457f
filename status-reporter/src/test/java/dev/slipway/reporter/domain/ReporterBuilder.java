package dev.slipway.reporter.domain;

import dev.slipway.reporter.state.JsonLinesStatusJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A {@link StatusReporter} for a test, as the tests want it unless they say otherwise: GitHub is a
 * {@link RecordingPort} and a {@link RecordingDeployments}, the budget allows 100 writes a second,
 * the clock is the system's, and a failed write is tried again after 50 ms, then at most every 200
 * ms. Its journal is kept in the directory given, and forgets nothing: the tests' events happened
 * long ago.
 */
public final class ReporterBuilder {

  private static final Duration KEEP_FOREVER = Duration.ofDays(365L * 100);

  private final Path stateDir;
  private CommitStatusPort commits = new RecordingPort();
  private DeploymentPort deployments = new RecordingDeployments();
  private WriteBudget budget =
      new WriteBudget(List.of(new WriteBudget.Limit(100, Duration.ofSeconds(1))));
  private Clock clock = Clock.systemUTC();
  private StatusReporter.Listener listener = StatusReporter.Listener.NONE;

  /** A reporter whose journal is kept in {@code stateDir}. */
  public ReporterBuilder(Path stateDir) {
    this.stateDir = stateDir;
  }

  public ReporterBuilder commits(CommitStatusPort commits) {
    this.commits = commits;
    return this;
  }

  ReporterBuilder deployments(DeploymentPort deployments) {
    this.deployments = deployments;
    return this;
  }

  public ReporterBuilder budget(WriteBudget budget) {
    this.budget = budget;
    return this;
  }

  public ReporterBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  ReporterBuilder listener(StatusReporter.Listener listener) {
    this.listener = listener;
    return this;
  }

  /** The reporter, neither its journal loaded nor writing: a test that supervises it starts it. */
  public StatusReporter build() {
    return new StatusReporter(
        commits,
        deployments,
        new JsonLinesStatusJournal(stateDir, KEEP_FOREVER, clock),
        budget,
        clock,
        Duration.ofMillis(50),
        Duration.ofMillis(200),
        listener);
  }

  /**
   * The reporter with its journal loaded, writing on a thread of its own ({@link ReporterThreads}).
   */
  public StatusReporter started() throws IOException {
    return ReporterThreads.started(build());
  }
}
