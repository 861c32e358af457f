package dev.slipway.events;

/**
 * Why a release exists: a published GitHub release, or an operation on an earlier release of the
 * same repository, which gets a number of its own.
 *
 * @param ofNumber the release operated on (rollback to v4: 4); null for a published release
 * @param requestedBy who asked: a GitHub login or the name the operations endpoint was given
 * @param githubDeploymentId the GitHub deployment a person created to ask for it, whose statuses
 *     Slipway then writes; null when Slipway creates its own
 */
public record ReleaseOrigin(
    Operation operation, Integer ofNumber, String requestedBy, Long githubDeploymentId) {

  /** What was asked for. */
  public enum Operation {
    /** A GitHub release was published. */
    PUBLISHED,
    /** Deploy an earlier release's image and deploy definition again, in every datacenter asked. */
    ROLLBACK,
    /** Go again with a release that failed or timed out, from the datacenter where it stopped. */
    RETRY,
    /** Deploy a release's image again to the datacenters asked. */
    REDEPLOY
  }

  public static ReleaseOrigin published() {
    return new ReleaseOrigin(Operation.PUBLISHED, null, null, null);
  }

  /** For people: "published", "rollback to v4 by alice", "retry of v6 by bob". */
  public String describe() {
    String by = requestedBy == null ? "" : " by " + requestedBy;
    return switch (operation) {
      case PUBLISHED -> "published";
      case ROLLBACK -> "rollback to v" + ofNumber + by;
      case RETRY -> "retry of v" + ofNumber + by;
      case REDEPLOY -> "redeploy of v" + ofNumber + by;
    };
  }
}
