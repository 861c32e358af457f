package dev.slipway.reporter.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A GitHub App installation token and its life. It is renewed while it still works, once less than
 * {@code renewWhenLeft} of its life is left, so the fetches and clones that read it never hold one
 * that expires under them.
 *
 * @param issuedAt when it was minted
 * @param expiresAt GitHub's {@code expires_at}
 */
public record InstallationToken(String token, Instant issuedAt, Instant expiresAt) {

  /**
   * Whether it is due for renewal at {@code now}.
   *
   * @param renewWhenLeft the share of its life (0 to 1) left when it is renewed
   */
  public boolean renewalDue(Instant now, double renewWhenLeft) {
    Duration life = Duration.between(issuedAt, expiresAt);
    Duration margin = Duration.ofMillis((long) (life.toMillis() * renewWhenLeft));
    return !now.isBefore(expiresAt.minus(margin));
  }

  @Override
  public String toString() {
    return "InstallationToken[*** issued " + issuedAt + ", expires " + expiresAt + "]";
  }
}
