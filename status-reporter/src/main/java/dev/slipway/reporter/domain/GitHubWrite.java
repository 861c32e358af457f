package dev.slipway.reporter.domain;

/** What one of the writer's requests to GitHub writes: a bounded set, so metrics can name it. */
public enum GitHubWrite {
  /** A commit status ({@code POST /repos/{o}/{r}/statuses/{sha}}). */
  COMMIT_STATUS,
  /**
   * A deployment created for a release and datacenter; also the search for one made before, which
   * belongs to the same step.
   */
  DEPLOYMENT,
  /** A status of a deployment. */
  DEPLOYMENT_STATUS
}
