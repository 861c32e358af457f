package dev.slipway.events;

import dev.slipway.events.ReleaseOrigin.Operation;
import java.time.Instant;
import java.util.List;

/**
 * A person asked to roll back to, retry or redeploy an earlier release: from the command line
 * through the coordinator's operations endpoint, or by creating a deployment on GitHub. Either way
 * it is this one event, which the release-coordinator decides on like a published release, in the
 * same lanes.
 *
 * @param operationId unique per request and stable across redeliveries: a request seen again
 *     changes nothing
 * @param operation one of {@code ROLLBACK}, {@code RETRY}, {@code REDEPLOY}
 * @param releaseNumber the release operated on, or null when {@code ref} names it
 * @param ref a tag or a commit sha naming the release operated on (a GitHub deployment's ref), or
 *     null when {@code releaseNumber} does
 * @param datacenters where to deploy; empty means the release's own datacenters
 * @param githubDeploymentId the deployment a person created on GitHub, or null
 */
public record ReleaseOperationRequested(
    String operationId,
    String repository,
    Operation operation,
    Integer releaseNumber,
    String ref,
    List<String> datacenters,
    String requestedBy,
    Instant requestedAt,
    Long githubDeploymentId)
    implements TaskSpecEvent {

  public ReleaseOperationRequested {
    datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
  }

  /** The id of the release this request becomes, or would have become when it is rejected. */
  public String releaseId() {
    return "op-" + operationId;
  }

  public ReleaseOrigin origin(int ofNumber) {
    return new ReleaseOrigin(operation, ofNumber, requestedBy, githubDeploymentId);
  }
}
