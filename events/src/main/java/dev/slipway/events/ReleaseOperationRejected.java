package dev.slipway.events;

import dev.slipway.events.ReleaseOrigin.Operation;
import java.util.List;

/**
 * A release operation that was refused and changed nothing, with the reason a person can act on.
 *
 * @param releaseId the id the release would have had ({@link ReleaseOperationRequested#releaseId})
 * @param datacenters the datacenters asked for, so a GitHub deployment can be answered in its own
 *     environment
 */
public record ReleaseOperationRejected(
    String releaseId,
    String repository,
    String operationId,
    Operation operation,
    List<String> datacenters,
    String reason,
    Long githubDeploymentId)
    implements ReleaseEvent {

  public ReleaseOperationRejected {
    datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
  }
}
