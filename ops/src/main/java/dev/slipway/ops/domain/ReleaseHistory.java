package dev.slipway.ops.domain;

import dev.slipway.events.ReleaseState;
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

  /**
   * One numbered release.
   *
   * @param origin for people: "published", "rollback to v4 by alice"
   * @param image {@code image@sha256:…}, null until built
   * @param datacenter the datacenter it waits for, holds, or ended in
   * @param requestedAt when the coordinator took it in
   * @param finishedAt when it ended, null while it is active
   * @param detail why it ended so, null while it is active
   */
  public record ReleaseSummary(
      String releaseId,
      int number,
      String origin,
      String tag,
      String sha,
      String image,
      ReleaseState state,
      String datacenter,
      List<String> datacenters,
      List<String> rolledOutIn,
      Instant requestedAt,
      Instant since,
      Instant finishedAt,
      String detail) {

    private static final int DIGEST_LENGTH = 12;
    private static final String SHA256 = "@sha256:";

    public ReleaseSummary {
      datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
      rolledOutIn = rolledOutIn == null ? List.of() : List.copyOf(rolledOutIn);
    }

    /** "v7". */
    public String label() {
      return ReleaseNumbers.label(number);
    }

    /** The first 12 hex digits of the image's digest, as container tools show ids; null if none. */
    public String shortDigest() {
      int at = image == null ? -1 : image.indexOf(SHA256);
      if (at < 0) {
        return null;
      }
      String digest = image.substring(at + SHA256.length());
      return digest.length() <= DIGEST_LENGTH ? digest : digest.substring(0, DIGEST_LENGTH);
    }

    /** The image with its digest cut short: "registry/acme/shop@sha256:3f2a9c1d0b4e…". */
    public String shortImage() {
      String digest = shortDigest();
      return digest == null
          ? image
          : image.substring(0, image.indexOf(SHA256) + SHA256.length()) + digest + "…";
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
