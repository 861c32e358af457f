package dev.slipway.reporter.domain;

/** The GitHub calls the reporter makes. */
public interface CommitStatusPort {

  /** Adds a status to a commit; GitHub shows the newest one per context. */
  void createCommitStatus(StatusKey key, CommitState state, String description, String targetUrl)
      throws GitHubWriteException;

  /**
   * Whether GitHub's newest status of the key's commit and context is exactly this one. Asked only
   * after a restart, for writes that may have reached GitHub before the journal recorded them.
   */
  default boolean shows(StatusKey key, CommitState state, String description, String targetUrl)
      throws GitHubWriteException {
    return false;
  }
}
