package dev.slipway.ops.domain;

import dev.slipway.events.ReleaseSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One repository's releases as the release-coordinator shows them ({@code GET
 * /releases/{owner}/{repo}}): per datacenter the release live there, in flight and waiting, and the
 * history of every release it remembers, newest first.
 */
public record ReleaseHistory(
    String repository,
    int lastReleaseNumber,
    List<Lane> datacenters,
    List<ReleaseSummary> releases,
    List<RejectedOperation> rejectedOperations) {

  public ReleaseHistory {
    datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
    releases = releases == null ? List.of() : List.copyOf(releases);
    rejectedOperations = rejectedOperations == null ? List.of() : List.copyOf(rejectedOperations);
  }

  /**
   * @param live the release that rolled out there last, or null
   * @param inFlight null when the datacenter is free
   */
  public record Lane(
      String datacenter,
      ReleaseSummary live,
      ReleaseSummary inFlight,
      List<ReleaseSummary> waiting) {

    public Lane {
      waiting = waiting == null ? List.of() : List.copyOf(waiting);
    }
  }

  /** An operation the coordinator refused, with its reason. */
  public record RejectedOperation(String operationId, String reason, Instant at) {}

  public Optional<ReleaseSummary> release(String releaseId) {
    return releases.stream().filter(release -> release.releaseId().equals(releaseId)).findFirst();
  }

  public Optional<Lane> lane(String datacenter) {
    return datacenters.stream().filter(lane -> lane.datacenter().equals(datacenter)).findFirst();
  }
}
