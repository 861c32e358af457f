package dev.slipway.ops.cli;

import dev.slipway.events.ReleaseSummary;
import dev.slipway.ops.domain.Durations;
import dev.slipway.ops.domain.ReleaseHistory;
import dev.slipway.ops.domain.ReleaseHistory.Lane;
import dev.slipway.ops.domain.ReleaseHistory.RejectedOperation;
import dev.slipway.ops.http.ReleasesClient.Accepted;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/** What the release commands print for people. */
final class ReleaseOutput {

  private static final int DIGEST_LENGTH = 12;
  private static final String SHA256 = "@sha256:";

  private ReleaseOutput() {}

  /** {@code release list}: the datacenters, then the history, then refused operations. */
  static String list(ReleaseHistory history, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append(history.repository())
        .append(": last release ")
        .append(history.lastReleaseNumber() == 0 ? "none" : "v" + history.lastReleaseNumber())
        .append("\n\n");
    Table lanes = new Table("DATACENTER", "LIVE", "IN FLIGHT", "WAITING");
    for (Lane lane : history.datacenters()) {
      lanes.row(
          lane.datacenter(),
          named(lane.live()),
          named(lane.inFlight()),
          lane.waiting().isEmpty()
              ? null
              : lane.waiting().stream()
                  .map(ReleaseOutput::named)
                  .collect(Collectors.joining(", ")));
    }
    out.append(lanes.render()).append('\n');
    Table releases =
        new Table(
            "RELEASE",
            "ORIGIN",
            "TAG",
            "DIGEST",
            "STATE",
            "DATACENTERS",
            "STARTED",
            "DURATION",
            "DETAIL");
    for (ReleaseSummary release : history.releases()) {
      releases.row(
          release.label(),
          release.origin(),
          release.tag(),
          shortDigest(release.image()),
          state(release),
          datacenters(release),
          release.requestedAt() == null
              ? null
              : release.requestedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
          duration(release, now),
          release.detail());
    }
    out.append(releases.render());
    List<RejectedOperation> rejected = history.rejectedOperations();
    if (!rejected.isEmpty()) {
      out.append("\nrefused operations:\n");
      for (RejectedOperation operation : rejected) {
        out.append("  ")
            .append(operation.at() == null ? "-" : operation.at().truncatedTo(ChronoUnit.SECONDS))
            .append("  ")
            .append(operation.operationId())
            .append("  ")
            .append(operation.reason())
            .append('\n');
      }
    }
    return out.toString();
  }

  /** The coordinator's answer to an operation: "v7: rollback to v4 by alice, image …". */
  static String accepted(Accepted accepted) {
    ReleaseSummary release = accepted.release();
    return release.label()
        + ": "
        + release.origin()
        + (release.tag() == null ? "" : " (" + release.tag() + ")")
        + ", image "
        + (release.image() == null ? "to be built" : shortImage(release.image()))
        + ", datacenters "
        + String.join(", ", release.datacenters());
  }

  /** The first 12 hex digits of the image's digest, as container tools show ids; null if none. */
  static String shortDigest(String image) {
    int at = image == null ? -1 : image.indexOf(SHA256);
    if (at < 0) {
      return null;
    }
    String digest = image.substring(at + SHA256.length());
    return digest.length() <= DIGEST_LENGTH ? digest : digest.substring(0, DIGEST_LENGTH);
  }

  /** The image with its digest cut short: "registry/acme/shop@sha256:3f2a9c1d0b4e…". */
  static String shortImage(String image) {
    String digest = shortDigest(image);
    return digest == null
        ? image
        : image.substring(0, image.indexOf(SHA256) + SHA256.length()) + digest + "…";
  }

  /** "v7 (v1.0)": a release's number, and its tag, which people know it by. */
  private static String named(ReleaseSummary release) {
    if (release == null) {
      return null;
    }
    return release.label() + (release.tag() == null ? "" : " (" + release.tag() + ")");
  }

  private static String state(ReleaseSummary release) {
    String datacenter = release.datacenter();
    return switch (release.state()) {
      case REQUESTED -> "requested";
      case WAITING -> "waiting for " + datacenter;
      case IN_FLIGHT -> "in flight in " + datacenter;
      case COMPLETED -> "completed";
      case FAILED -> "failed in " + datacenter;
      case TIMED_OUT -> "timed out in " + datacenter;
      case SUPERSEDED -> "superseded";
    };
  }

  /** Its datacenters in order, a ✓ after each it rolled out in. */
  private static String datacenters(ReleaseSummary release) {
    return release.datacenters().stream()
        .map(datacenter -> datacenter + (release.rolledOutIn().contains(datacenter) ? " ✓" : ""))
        .collect(Collectors.joining(", "));
  }

  private static String duration(ReleaseSummary release, Instant now) {
    if (release.requestedAt() == null) {
      return null;
    }
    if (release.finishedAt() != null) {
      return Durations.words(Duration.between(release.requestedAt(), release.finishedAt()));
    }
    return Durations.words(Duration.between(release.requestedAt(), now)) + " so far";
  }
}
