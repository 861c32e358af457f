package dev.slipway.reporter.config;

import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.GitHubWrite;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.HookDelivery;
import dev.slipway.reporter.domain.Report;
import dev.slipway.reporter.domain.StatusReporter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The reporter's meters. Every counter exists from the start, at 0 for each of its tag values, so a
 * dashboard panel shows 0 rather than no data before the first write.
 */
final class ReporterMetrics {

  static final String WRITES = "slipway.github.writes";
  static final String WRITE_BUDGET_REMAINING = "slipway.github.write.budget.remaining";
  static final String STATUSES_PENDING = "slipway.github.statuses.pending";
  static final String REDELIVERIES = "slipway.github.redeliveries";

  static final String WRITTEN = "written";
  static final String ORGANISATION = "organisation";

  private final MeterRegistry meters;
  private final Map<GitHubWrite, Map<String, Counter>> writes = new EnumMap<>(GitHubWrite.class);
  private final Map<String, Counter> redeliveries = new HashMap<>();

  ReporterMetrics(MeterRegistry meters) {
    this.meters = meters;
    for (GitHubWrite write : GitHubWrite.values()) {
      Map<String, Counter> byOutcome = new HashMap<>();
      byOutcome.put(WRITTEN, writeCounter(write, WRITTEN));
      for (GitHubWriteException.Kind failure : GitHubWriteException.Kind.values()) {
        byOutcome.put(tagValue(failure), writeCounter(write, tagValue(failure)));
      }
      writes.put(write, byOutcome);
    }
    for (String outcome : new String[] {"requested", "recovered", "failed", "unrecoverable"}) {
      redeliveries.put(outcome, meters.counter(REDELIVERIES, "outcome", outcome));
    }
  }

  /**
   * The gauges that read an organisation's reporter on every scrape, tagged with the organisation's
   * name ({@code *} for the catch-all one).
   */
  void watch(String organisation, StatusReporter reporter) {
    meters.gauge(
        STATUSES_PENDING, Tags.of(ORGANISATION, organisation), reporter, StatusReporter::pending);
    meters.gauge(
        WRITE_BUDGET_REMAINING,
        Tags.of(ORGANISATION, organisation),
        reporter,
        StatusReporter::writesAllowedNow);
  }

  /** Counts the writer's requests by what they write and how GitHub answered. */
  StatusReporter.Listener writes() {
    return new StatusReporter.Listener() {
      @Override
      public void written(Report report, GitHubWrite write) {
        writes.get(write).get(WRITTEN).increment();
      }

      @Override
      public void failed(Report report, GitHubWrite write, GitHubWriteException.Kind kind) {
        writes.get(write).get(tagValue(kind)).increment();
      }
    };
  }

  /** Counts the outcomes of delivery recovery. */
  DeliveryRecoverer.Listener redeliveries() {
    return new DeliveryRecoverer.Listener() {
      @Override
      public void requested(HookDelivery delivery) {
        redeliveries.get("requested").increment();
      }

      @Override
      public void recovered(HookDelivery delivery) {
        redeliveries.get("recovered").increment();
      }

      @Override
      public void failed(HookDelivery delivery) {
        redeliveries.get("failed").increment();
      }

      @Override
      public void unrecoverable(HookDelivery delivery) {
        redeliveries.get("unrecoverable").increment();
      }
    };
  }

  private Counter writeCounter(GitHubWrite write, String outcome) {
    return meters.counter(WRITES, "kind", tagValue(write), "outcome", outcome);
  }

  private static String tagValue(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
