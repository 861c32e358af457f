package dev.slipway.compiler.domain;

import dev.slipway.events.WebhookDetails;
import dev.slipway.platform.organisations.Organisation;

/**
 * How far a run is trusted with the repository's secrets. A push to one of the repository's own
 * branches and a pull request from a branch of the repository itself are trusted; a pull request
 * from a fork never is, whatever a comment command says (an {@code /ok-to-test} lets it run, not
 * read secrets). A secret whose rule keeps it to the default branch goes only to pushes to that
 * branch.
 */
public enum RunTrust {
  /** A pull request whose head lives in another repository: no secrets at all. */
  FORK,
  /**
   * A pull request from a branch of the repository, or a push to a branch other than the default.
   */
  TRUSTED,
  /** A push to the repository's default branch: every secret. */
  DEFAULT_BRANCH;

  /** The trust of runs planned for {@code details}; anything but a push or a PR gets none. */
  public static RunTrust of(WebhookDetails details) {
    if (details instanceof WebhookDetails.Push push) {
      return push.toDefaultBranch() ? DEFAULT_BRANCH : TRUSTED;
    }
    if (details instanceof WebhookDetails.PullRequest pullRequest) {
      return pullRequest.fork() ? FORK : TRUSTED;
    }
    return FORK;
  }

  /** Whether a run of this trust gets a secret with {@code rule}. */
  public boolean gives(Organisation.SecretRule rule) {
    return switch (rule) {
      case TRUSTED_RUNS -> this != FORK;
      case DEFAULT_BRANCH -> this == DEFAULT_BRANCH;
    };
  }
}
