package dev.slipway.reporter.github;

import java.io.IOException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.authorization.AuthorizationProvider;

/** Builds the github-api client the reporter uses. */
public final class GitHubClients {

  private GitHubClients() {}

  /**
   * A client for {@code apiUrl}. Rate and abuse limits fail the call instead of sleeping inside the
   * library (its default), so the reporter's budget and pause decide when to write; the library's
   * rate limit checker stays at its default, none. The library still retries a refused or reset
   * connection twice, 100 ms apart, on its own.
   */
  public static GitHub build(String apiUrl, AuthorizationProvider authorization)
      throws IOException {
    return new GitHubBuilder()
        .withEndpoint(apiUrl)
        .withAuthorizationProvider(authorization)
        .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
        .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
        .build();
  }
}
