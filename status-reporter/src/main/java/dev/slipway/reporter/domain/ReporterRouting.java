package dev.slipway.reporter.domain;

import java.util.Optional;

/**
 * The reporter that writes a repository's statuses: its organisation's, with the organisation's
 * credentials and write budget.
 */
@FunctionalInterface
public interface ReporterRouting {

  /** Empty when no organisation is configured for the repository's owner. */
  Optional<StatusReporter> reporterFor(String repository);

  /** Every repository to {@code reporter}. */
  static ReporterRouting only(StatusReporter reporter) {
    return repository -> Optional.of(reporter);
  }
}
