package dev.slipway.reporter.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What GitHub should show for one {@link StatusKey}, with what the ordering rule needs to know
 * about where it came from.
 *
 * @param runId the run (or release, or {@code config@sha}) the status reports on
 * @param progress how far that run has come
 * @param occurredAt when the reported state was reached
 * @param correlationId the GitHub delivery that started the chain, for logs
 */
public record DesiredStatus(
    StatusKey key,
    CommitState state,
    String description,
    String targetUrl,
    String runId,
    Progress progress,
    Instant occurredAt,
    String correlationId)
    implements Report {

  public DesiredStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** Whether GitHub would show the same thing for both: state, description and link. */
  @Override
  public boolean looksLike(Report other) {
    return other instanceof DesiredStatus that
        && state == that.state
        && description.equals(that.description)
        && Objects.equals(targetUrl, that.targetUrl);
  }

  /** Whether GitHub would show the same state and description for both, with another link. */
  @Override
  public boolean differsOnlyInLink(Report other) {
    return other instanceof DesiredStatus that
        && state == that.state
        && description.equals(that.description)
        && !Objects.equals(targetUrl, that.targetUrl);
  }

  /** {@code success "passed in 3s"}, for logs and the fake's output. */
  @Override
  public String shown() {
    return state.name().toLowerCase() + " \"" + description + "\"";
  }
}
