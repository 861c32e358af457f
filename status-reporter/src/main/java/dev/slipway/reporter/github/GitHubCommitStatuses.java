package dev.slipway.reporter.github;

import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.CommitStatusPort;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.StatusKey;
import java.time.Clock;
import java.util.Objects;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHCommitStatus;
import org.kohsuke.github.GitHub;

/**
 * Commit statuses through {@code org.kohsuke:github-api}. The client must be built with its rate
 * and abuse limit handlers set to fail (see {@link GitHubClients}), so that every limit reaches the
 * reporter's budget instead of sleeping inside the library.
 */
public final class GitHubCommitStatuses implements CommitStatusPort {

  private final GitHubRepositories repositories;

  public GitHubCommitStatuses(GitHub github, Clock clock) {
    this(new GitHubRepositories(github, clock));
  }

  /** Shares the repository objects (and their one fetch per repository) with the other adapters. */
  public GitHubCommitStatuses(GitHubRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public void createCommitStatus(
      StatusKey key, CommitState state, String description, String targetUrl)
      throws GitHubWriteException {
    repositories.call(
        key,
        () ->
            repositories
                .repository(key.repository())
                .createCommitStatus(
                    key.sha(),
                    GHCommitState.valueOf(state.name()),
                    targetUrl,
                    description,
                    key.context()));
  }

  @Override
  public boolean shows(StatusKey key, CommitState state, String description, String targetUrl)
      throws GitHubWriteException {
    return repositories.call(
        key,
        () -> {
          // GitHub lists a commit's statuses newest first.
          for (GHCommitStatus status :
              repositories.repository(key.repository()).listCommitStatuses(key.sha())) {
            if (key.context().equals(status.getContext())) {
              return status.getState() == GHCommitState.valueOf(state.name())
                  && description.equals(status.getDescription())
                  && Objects.equals(targetUrl, status.getTargetUrl());
            }
          }
          return false;
        });
  }
}
