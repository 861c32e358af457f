package dev.slipway.events;

/**
 * Cancel every run of a pull request except those at {@code keepSha}: a newer head superseded them
 * ({@code keepSha} = the new head) or the PR was closed ({@code keepSha} null).
 */
public record RunsCancelled(String repository, int pullRequestNumber, String keepSha, String reason)
    implements TaskSpecEvent {

  public static final String SUPERSEDED = "superseded by a newer push";
  public static final String PULL_REQUEST_CLOSED = "pull request closed";

  public boolean cancels(Integer runPullRequest, String runSha) {
    return runPullRequest != null
        && runPullRequest == pullRequestNumber
        && (keepSha == null || !keepSha.equals(runSha));
  }
}
