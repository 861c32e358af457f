package dev.slipway.runner.domain;

import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the runner knows about one release's image, as last reported: the journal keeps it so the
 * image is built once per release, and the build's page shows it.
 *
 * @param state the build state last published
 * @param image the image's repository, {@code <registry>/<owner>/<repo>}
 * @param digest the pushed image's digest; set (and journaled) as soon as the push returned, before
 *     SUCCEEDED is published, so a restart in between does not build again
 * @param unavailableSince when the registry was first found unreachable during this build; null
 *     when it was not
 * @param pushedTo the datacenters {@code ImagePushed} was published for
 */
public record ReleaseBuildRecord(
    ReleaseBuildRequest request,
    RunState state,
    String digest,
    String detail,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant unavailableSince,
    List<String> pushedTo) {

  public ReleaseBuildRecord {
    pushedTo = pushedTo == null ? List.of() : List.copyOf(pushedTo);
  }

  static ReleaseBuildRecord queued(ReleaseBuildRequest request, Instant now) {
    return new ReleaseBuildRecord(
        request, RunState.QUEUED, null, null, now, null, null, null, List.of());
  }

  /**
   * An image that was pushed for an earlier release: SUCCEEDED with its digest from the start,
   * never started, so its page shows no build time.
   */
  static ReleaseBuildRecord reused(ReleaseBuildRequest request, String digest, Instant now) {
    return new ReleaseBuildRecord(
        request,
        RunState.SUCCEEDED,
        digest,
        "not built: the image of an earlier release",
        now,
        null,
        now,
        null,
        List.of());
  }

  public String releaseId() {
    return request.releaseId();
  }

  public String image() {
    return request.image();
  }

  ReleaseBuildRecord started(Instant now) {
    return new ReleaseBuildRecord(
        request, RunState.STARTED, null, null, queuedAt, now, null, null, pushedTo);
  }

  ReleaseBuildRecord pushed(String pushedDigest) {
    return new ReleaseBuildRecord(
        request, state, pushedDigest, detail, queuedAt, startedAt, finishedAt, null, pushedTo);
  }

  ReleaseBuildRecord unavailable(Instant since) {
    return new ReleaseBuildRecord(
        request, state, digest, detail, queuedAt, startedAt, finishedAt, since, pushedTo);
  }

  ReleaseBuildRecord finished(RunState to, Instant now, String why) {
    return new ReleaseBuildRecord(
        request, to, digest, why, queuedAt, startedAt, now, unavailableSince, pushedTo);
  }

  ReleaseBuildRecord announcedIn(String datacenter) {
    List<String> datacenters = new ArrayList<>(pushedTo);
    datacenters.add(datacenter);
    return new ReleaseBuildRecord(
        request,
        state,
        digest,
        detail,
        queuedAt,
        startedAt,
        finishedAt,
        unavailableSince,
        datacenters);
  }

  /** How long it built (or has been building, at {@code now}); zero before it started. */
  public Duration duration(Instant now) {
    if (startedAt == null) {
      return Duration.ZERO;
    }
    return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
  }

  ReleaseBuildStateChanged event(RunState from, String logUrl, Instant now) {
    return new ReleaseBuildStateChanged(
        request.releaseId(),
        request.repository(),
        request.tag(),
        request.sha(),
        from,
        state,
        detail,
        logUrl,
        now);
  }
}
