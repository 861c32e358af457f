package dev.slipway.coordinator.domain;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.ReleaseState;
import dev.slipway.events.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A release that is not finished yet, with what {@code ReleaseAdmitted} must carry and what an
 * operation on it later needs (its image, where it rolled out).
 *
 * @param origin a published release, or the operation that made this one
 * @param requestedAt when the coordinator took the release in
 * @param stage index into {@code datacenters} of the lane it waits for or holds
 * @param since when it entered its state; for {@code IN_FLIGHT}, also when it last showed progress
 * @param buildState the last build state seen, so that a repeated one is recognised as a duplicate
 * @param image the image reference ({@code image@digest}) it deploys: given by an operation, or
 *     learned from its first deployment; null until then
 * @param rolledOutIn the datacenters it rolled out in, in order
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
    ReleaseOrigin origin,
    Instant requestedAt,
    int stage,
    ReleaseState state,
    Instant since,
    RunState buildState,
    String image,
    List<String> rolledOutIn) {

  /**
   * Publish order: GitHub's publish time, then, for releases published in the same second (GitHub's
   * times have whole seconds), the order they arrived in, which their numbers follow.
   */
  public static final Comparator<Release> PUBLISH_ORDER =
      Comparator.comparing(Release::publishedAt).thenComparingInt(Release::number);

  public Release {
    datacenters = List.copyOf(datacenters);
    origin = origin == null ? ReleaseOrigin.published() : origin;
    rolledOutIn = rolledOutIn == null ? List.of() : List.copyOf(rolledOutIn);
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
        ReleaseOrigin.published(),
        now,
        0,
        ReleaseState.REQUESTED,
        now,
        null,
        null,
        List.of());
  }

  /**
   * A new release made by an operation on {@code of}: its commit, build and deploy definitions,
   * ordered as published when the operation was asked for.
   *
   * @param image the image to deploy without building, or null to build {@code of}'s commit again
   */
  static Release operatedOn(
      Release of,
      String releaseId,
      ReleaseOrigin origin,
      Instant askedAt,
      List<String> datacenters,
      QueueMode mode,
      String image,
      int number,
      String correlationId,
      Instant now) {
    return new Release(
        releaseId,
        of.tag(),
        of.sha(),
        of.cloneUrl(),
        askedAt,
        of.build(),
        of.deploy(),
        datacenters,
        mode,
        number,
        correlationId,
        origin,
        now,
        0,
        ReleaseState.REQUESTED,
        now,
        null,
        image,
        List.of());
  }

  /** The datacenter of the lane this release waits for or holds. */
  public String datacenter() {
    return datacenters.get(stage);
  }

  boolean lastStage() {
    return stage == datacenters.size() - 1;
  }

  boolean newerThan(Release other) {
    return PUBLISH_ORDER.compare(this, other) > 0;
  }

  Release in(ReleaseState newState, Instant now) {
    return with(stage, newState, now, buildState, image, rolledOutIn);
  }

  Release waitingForNextDatacenter(Instant now) {
    return with(stage + 1, ReleaseState.WAITING, now, buildState, image, rolledOutIn);
  }

  Release withBuildProgress(RunState newBuildState, Instant now) {
    return with(stage, state, now, newBuildState, image, rolledOutIn);
  }

  /** What one deployment of it taught: the image it deploys, and whether it rolled out there. */
  Release deployed(String imageReference, boolean rolledOut) {
    List<String> datacentersRolledOut = new ArrayList<>(rolledOutIn);
    if (rolledOut && !datacentersRolledOut.contains(datacenter())) {
      datacentersRolledOut.add(datacenter());
    }
    String knownImage = imageReference == null ? image : imageReference;
    return with(stage, state, since, buildState, knownImage, datacentersRolledOut);
  }

  private Release with(
      int newStage,
      ReleaseState newState,
      Instant newSince,
      RunState newBuildState,
      String newImage,
      List<String> newRolledOutIn) {
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
        origin,
        requestedAt,
        newStage,
        newState,
        newSince,
        newBuildState,
        newImage,
        newRolledOutIn);
  }
}
