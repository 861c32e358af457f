package dev.slipway.reporter.domain;

/** The GitHub calls the reporter makes. */
public interface CommitStatusPort {

  /** Adds a status to a commit; GitHub shows the newest one per context. */
  void createCommitStatus(StatusKey key, CommitState state, String description, String targetUrl)
      throws GitHubWriteException;
}
