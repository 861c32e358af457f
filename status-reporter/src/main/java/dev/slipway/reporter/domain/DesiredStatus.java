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
    String correlationId) {

  public DesiredStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** Whether GitHub would show the same thing for both: state, description and link. */
  public boolean looksLike(DesiredStatus other) {
    return other != null
        && state == other.state
        && description.equals(other.description)
        && Objects.equals(targetUrl, other.targetUrl);
  }

  /** Whether GitHub would show the same state and description for both, with another link. */
  public boolean differsOnlyInLink(DesiredStatus other) {
    return other != null
        && state == other.state
        && description.equals(other.description)
        && !Objects.equals(targetUrl, other.targetUrl);
  }

  /** {@code success "passed in 3s"}, for logs and the fake's output. */
  public String shown() {
    return state.name().toLowerCase() + " \"" + description + "\"";
  }
}
