package dev.slipway.events;

import java.time.Instant;
import java.util.List;

/**
 * One numbered release as the release-coordinator shows it ({@code GET /releases/{owner}/{repo}}
 * and the answer to an operation), and as the operations CLI reads it.
 *
 * @param origin how it came to be, for people: "published", "rollback to v4 by alice"
 * @param image the image it deploys ({@code image@sha256:…}), null until known
 * @param datacenter the datacenter it waits for, holds, or ended in
 * @param requestedAt when the coordinator took it in
 * @param since when it entered its state
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
    Instant publishedAt,
    Instant requestedAt,
    Instant since,
    Instant finishedAt,
    String detail,
    String correlationId) {

  public ReleaseSummary {
    datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
    rolledOutIn = rolledOutIn == null ? List.of() : List.copyOf(rolledOutIn);
  }

  /** "v7": what people call the release. */
  public String label() {
    return "v" + number;
  }
}
