package dev.slipway.ops.domain;

import dev.slipway.events.ReleaseOrigin.Operation;
import java.util.List;

/**
 * What a person asks of the release-coordinator: a rollback to, a retry of or a redeploy of one
 * numbered release.
 *
 * @param release the number of the release operated on
 * @param datacenters where to deploy; empty leaves it to the coordinator: a rollback goes to every
 *     datacenter of the repository, a retry to those its release did not roll out in
 */
public record OperationRequest(
    Operation operation,
    String repository,
    int release,
    List<String> datacenters,
    String requestedBy) {

  public OperationRequest {
    if (operation == Operation.PUBLISHED) {
      throw new IllegalArgumentException("a published release is not an operation");
    }
    datacenters = List.copyOf(datacenters);
  }

  /** What will happen, said before asking: "rolling back acme/shop to v4 in dc1, dc2 as alice". */
  public String intent() {
    String number = ReleaseNumbers.label(release);
    String where = String.join(", ", datacenters);
    String sentence =
        switch (operation) {
          case ROLLBACK ->
              "rolling back "
                  + repository
                  + " to "
                  + number
                  + (datacenters.isEmpty()
                      ? " in every datacenter of " + repository
                      : " in " + where);
          case RETRY ->
              "retrying "
                  + number
                  + " of "
                  + repository
                  + (datacenters.isEmpty()
                      ? " in the datacenters it did not reach"
                      : " in " + where);
          case REDEPLOY ->
              "redeploying "
                  + number
                  + " of "
                  + repository
                  + (datacenters.isEmpty()
                      ? " in the datacenters of " + repository
                      : " in " + where);
          case PUBLISHED -> throw new IllegalStateException("not an operation");
        };
    return sentence + " as " + requestedBy;
  }
}
