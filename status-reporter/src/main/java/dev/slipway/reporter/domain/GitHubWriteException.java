package dev.slipway.reporter.domain;

import java.time.Instant;
import java.util.Optional;

/** A write GitHub did not accept, classified by what the reporter must do about it. */
public class GitHubWriteException extends Exception {

  /** What went wrong, from the reporter's point of view. */
  public enum Kind {
    /** GitHub refused this one write for good (422, 404, 403 without rate limit): drop it. */
    REJECTED,
    /**
     * GitHub asked us to slow down (429, 403 with a rate limit): pause every write until {@link
     * #retryAt()}.
     */
    RATE_LIMITED,
    /** GitHub or the way to it is down (5xx, I/O): back off and try again. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final transient Instant retryAt;

  public GitHubWriteException(Kind kind, Instant retryAt, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAt = retryAt;
  }

  public Kind kind() {
    return kind;
  }

  /** When GitHub said writes may resume; empty when it did not say. */
  public Optional<Instant> retryAt() {
    return Optional.ofNullable(retryAt);
  }
}
