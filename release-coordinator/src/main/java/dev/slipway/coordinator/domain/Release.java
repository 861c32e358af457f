package dev.slipway.coordinator.domain;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.RunState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A release that is not finished yet, with what {@code ReleaseAdmitted} must carry.
 *
 * @param stage index into {@code datacenters} of the lane it waits for or holds
 * @param since when it entered its state; for {@code IN_FLIGHT}, also when it last showed progress
 * @param buildState the last build state seen, so that a repeated one is recognised as a duplicate
 */
public record Release(
    String releaseId,
    String tag,
    String sha,
    String cloneUrl,
    Instant publishedAt,
    BuildDefinition build,
    DeployDefinition deploy,
    List<String> datacenters,
    QueueMode mode,
    int number,
    String correlationId,
    int stage,
    ReleaseState state,
    Instant since,
    RunState buildState) {

  /**
   * Publish order: GitHub's publish time, then, for releases published in the same second (GitHub's
   * times have whole seconds), the order they arrived in, which their numbers follow.
   */
  public static final Comparator<Release> PUBLISH_ORDER =
      Comparator.comparing(Release::publishedAt).thenComparingInt(Release::number);

  public Release {
    datacenters = List.copyOf(datacenters);
  }

  static Release requested(
      ReleaseRequested request, int number, String correlationId, Instant now) {
    return new Release(
        request.releaseId(),
        request.tag(),
        request.sha(),
        request.cloneUrl(),
        request.publishedAt(),
        request.build(),
        request.deploy(),
        request.datacenters() == null ? List.of() : request.datacenters(),
        request.mode() == null ? QueueMode.SUPERSEDE : request.mode(),
        number,
        correlationId,
        0,
        ReleaseState.REQUESTED,
        now,
        null);
  }

  /** The datacenter of the lane this release waits for or holds. */
  public String datacenter() {
    return datacenters.get(stage);
  }

  boolean lastStage() {
    return stage == datacenters.size() - 1;
  }

  boolean newerThan(Release other) {
    return publishedAfter(publishedAt, number, other);
  }

  static boolean publishedAfter(Instant publishedAt, int number, Release other) {
    int byTime = publishedAt.compareTo(other.publishedAt());
    return byTime > 0 || (byTime == 0 && number > other.number());
  }

  Release in(ReleaseState newState, Instant now) {
    return new Release(
        releaseId,
        tag,
        sha,
        cloneUrl,
        publishedAt,
        build,
        deploy,
        datacenters,
        mode,
        number,
        correlationId,
        stage,
        newState,
        now,
        buildState);
  }

  Release waitingForNextDatacenter(Instant now) {
    return new Release(
        releaseId,
        tag,
        sha,
        cloneUrl,
        publishedAt,
        build,
        deploy,
        datacenters,
        mode,
        number,
        correlationId,
        stage + 1,
        ReleaseState.WAITING,
        now,
        buildState);
  }

  Release withBuildProgress(RunState newBuildState, Instant now) {
    return new Release(
        releaseId,
        tag,
        sha,
        cloneUrl,
        publishedAt,
        build,
        deploy,
        datacenters,
        mode,
        number,
        correlationId,
        stage,
        state,
        now,
        newBuildState);
  }
}
