package dev.slipway.testsupport;

import dev.slipway.events.ReleaseState;
import dev.slipway.events.ReleaseSummary;
import java.time.Instant;
import java.util.List;

/**
 * Builds a {@link ReleaseSummary} for a test: release {@code n} (id {@code release-<n>},
 * correlation id {@code delivery-<n>}), published from tag {@code v1.0} for {@code dc1} then {@code
 * dc2}, requested at 2026-12-01T03:10:00Z and waiting for {@code dc1}, with no image, detail or end
 * yet. It was published a second before its request and has been in its state since its end, or
 * else since its request, unless a test says when. A test names only the fields it relies on, so a
 * reader sees what matters and a new field of the summary touches this class alone.
 */
public final class ReleaseSummaries {

  private final int number;
  private String releaseId;
  private String origin = "published";
  private String tag = "v1.0";
  private String image;
  private ReleaseState state = ReleaseState.WAITING;
  private String datacenter = "dc1";
  private List<String> datacenters = List.of("dc1", "dc2");
  private List<String> rolledOutIn = List.of();
  private Instant requestedAt = Instant.parse("2026-12-01T03:10:00Z");
  private Instant since;
  private Instant finishedAt;
  private String detail;

  private ReleaseSummaries(int number) {
    this.number = number;
  }

  /** Release {@code number} with every other field at its default. */
  public static ReleaseSummaries release(int number) {
    return new ReleaseSummaries(number);
  }

  /** An operation's id ({@code op-7}) instead of {@code release-<n>}. */
  public ReleaseSummaries releaseId(String releaseId) {
    this.releaseId = releaseId;
    return this;
  }

  /** What made it, e.g. {@code rollback to v1 by alice}. */
  public ReleaseSummaries origin(String origin) {
    this.origin = origin;
    return this;
  }

  public ReleaseSummaries tag(String tag) {
    this.tag = tag;
    return this;
  }

  public ReleaseSummaries image(String image) {
    this.image = image;
    return this;
  }

  /** Its state, in {@code datacenter}: the one it waits for, deploys to or ended in. */
  public ReleaseSummaries state(ReleaseState state, String datacenter) {
    this.state = state;
    this.datacenter = datacenter;
    return this;
  }

  /** The datacenters it deploys to, in order. */
  public ReleaseSummaries datacenters(String... datacenters) {
    this.datacenters = List.of(datacenters);
    return this;
  }

  public ReleaseSummaries rolledOutIn(String... datacenters) {
    this.rolledOutIn = List.of(datacenters);
    return this;
  }

  public ReleaseSummaries requestedAt(Instant requestedAt) {
    this.requestedAt = requestedAt;
    return this;
  }

  /** When it entered its state, if not at its end or its request. */
  public ReleaseSummaries since(Instant since) {
    this.since = since;
    return this;
  }

  /** It ended at {@code finishedAt}, saying {@code detail}. */
  public ReleaseSummaries finished(Instant finishedAt, String detail) {
    this.finishedAt = finishedAt;
    this.detail = detail;
    return this;
  }

  public ReleaseSummary build() {
    return new ReleaseSummary(
        releaseId != null ? releaseId : "release-" + number,
        number,
        origin,
        tag,
        "45c9e75a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",
        image,
        state,
        datacenter,
        datacenters,
        rolledOutIn,
        requestedAt.minusSeconds(1),
        requestedAt,
        since != null ? since : finishedAt != null ? finishedAt : requestedAt,
        finishedAt,
        detail,
        "delivery-" + number);
  }
}
