package dev.slipway.reporter.domain;

import java.time.Instant;

/**
 * What GitHub should show for one {@link ReportKey}, with what the ordering rule needs to know
 * about where it came from: a commit status or a deployment status.
 */
public sealed interface Report permits DesiredStatus, DesiredDeploymentStatus {

  ReportKey key();

  /** The run (or release, or {@code config@sha}) the report is about. */
  String runId();

  /** How far that run has come. */
  Progress progress();

  /** When the reported state was reached. */
  Instant occurredAt();

  /** The GitHub delivery that started the chain, for logs. */
  String correlationId();

  /** Whether GitHub would show the same thing for both. */
  boolean looksLike(Report other);

  /** Whether GitHub would show the same state and description for both, with other links. */
  boolean differsOnlyInLink(Report other);

  /** {@code success "passed in 3s"}, for logs. */
  String shown();
}
