package dev.slipway.reporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.GitHubWrite;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.ReporterBuilder;
import dev.slipway.reporter.domain.StatusReporter;
import dev.slipway.reporter.domain.WriteBudget;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reporter's meters as a dashboard reads them, on a plain registry. */
class ReporterMetricsTest {

  @TempDir Path stateDir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ReporterMetrics metrics = new ReporterMetrics(meters);

  @Test
  void everyWriteCounterExistsAtZeroFromTheStart() {
    assertThat(meters.find(ReporterMetrics.WRITES).counters())
        .extracting(counter -> tags(counter) + " " + counter.count())
        .containsExactlyInAnyOrder(
            "commit_status written 0.0",
            "commit_status rejected 0.0",
            "commit_status rate_limited 0.0",
            "commit_status unavailable 0.0",
            "deployment written 0.0",
            "deployment rejected 0.0",
            "deployment rate_limited 0.0",
            "deployment unavailable 0.0",
            "deployment_status written 0.0",
            "deployment_status rejected 0.0",
            "deployment_status rate_limited 0.0",
            "deployment_status unavailable 0.0");
    assertThat(meters.find(ReporterMetrics.REDELIVERIES).counters())
        .extracting(counter -> counter.getId().getTag("outcome") + " " + counter.count())
        .containsExactlyInAnyOrder(
            "requested 0.0", "recovered 0.0", "failed 0.0", "unrecoverable 0.0");
  }

  @Test
  void writesAreCountedByWhatTheyWroteAndHowGitHubAnswered() {
    StatusReporter.Listener writes = metrics.writes();
    writes.written(null, GitHubWrite.DEPLOYMENT);
    writes.written(null, GitHubWrite.DEPLOYMENT_STATUS);
    writes.written(null, GitHubWrite.DEPLOYMENT_STATUS);
    writes.failed(null, GitHubWrite.COMMIT_STATUS, GitHubWriteException.Kind.RATE_LIMITED);

    assertThat(count("deployment", "written")).isEqualTo(1);
    assertThat(count("deployment_status", "written")).isEqualTo(2);
    assertThat(count("commit_status", "rate_limited")).isEqualTo(1);
    assertThat(count("commit_status", "written")).isZero();
  }

  @Test
  void redeliveriesAreCountedByOutcome() {
    DeliveryRecoverer.Listener redeliveries = metrics.redeliveries();
    redeliveries.requested(null);
    redeliveries.requested(null);
    redeliveries.unrecoverable(null);

    assertThat(meters.counter(ReporterMetrics.REDELIVERIES, "outcome", "requested").count())
        .isEqualTo(2);
    assertThat(meters.counter(ReporterMetrics.REDELIVERIES, "outcome", "unrecoverable").count())
        .isEqualTo(1);
  }

  @Test
  void theGaugesReadTheReporter() throws Exception {
    try (StatusReporter reporter =
        new ReporterBuilder(stateDir).budget(WriteBudget.perMinuteAndHour(7, 100)).build()) {
      metrics.watch("acme", reporter);

      assertThat(budgetRemaining("acme")).as("a fresh budget: the minute's 7").isEqualTo(7);
      assertThat(reporter.sharedBudget().tryTake()).isTrue();
      assertThat(budgetRemaining("acme")).isEqualTo(6);
      assertThat(
              meters
                  .get(ReporterMetrics.STATUSES_PENDING)
                  .tag(ReporterMetrics.ORGANISATION, "acme")
                  .gauge()
                  .value())
          .isZero();
    }
  }

  private double budgetRemaining(String organisation) {
    return meters
        .get(ReporterMetrics.WRITE_BUDGET_REMAINING)
        .tag(ReporterMetrics.ORGANISATION, organisation)
        .gauge()
        .value();
  }

  private double count(String kind, String outcome) {
    return meters.counter(ReporterMetrics.WRITES, "kind", kind, "outcome", outcome).count();
  }

  private static String tags(Meter meter) {
    return meter.getId().getTag("kind") + " " + meter.getId().getTag("outcome");
  }
}
