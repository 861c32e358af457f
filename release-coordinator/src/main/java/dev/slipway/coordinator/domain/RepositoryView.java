package dev.slipway.coordinator.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What operators see of one repository: per datacenter, the release in flight, the waiting ones,
 * the last outcomes.
 */
public record RepositoryView(String repository, int lastReleaseNumber, List<Lane> datacenters) {

  /**
   * @param inFlight null when the lane is free
   */
  public record Lane(
      String datacenter,
      ReleaseSummary inFlight,
      List<ReleaseSummary> waiting,
      List<LaneOutcome> lastOutcomes) {}

  public record ReleaseSummary(
      String releaseId,
      int number,
      String tag,
      String sha,
      Instant publishedAt,
      Instant since,
      String correlationId) {

    static ReleaseSummary of(Release release) {
      return new ReleaseSummary(
          release.releaseId(),
          release.number(),
          release.tag(),
          release.sha(),
          release.publishedAt(),
          release.since(),
          release.correlationId());
    }
  }

  public static RepositoryView of(RepositoryReleases state) {
    List<Release> byPublishOrder = state.active().stream().sorted(Release.PUBLISH_ORDER).toList();
    Set<String> datacenters = new LinkedHashSet<>();
    byPublishOrder.forEach(release -> datacenters.addAll(release.datacenters()));
    datacenters.addAll(state.outcomes().keySet());
    List<Lane> lanes = new ArrayList<>();
    for (String datacenter : datacenters) {
      List<Release> inLane =
          byPublishOrder.stream()
              .filter(release -> release.datacenter().equals(datacenter))
              .toList();
      ReleaseSummary inFlight =
          inLane.stream()
              .filter(release -> release.state() == ReleaseState.IN_FLIGHT)
              .map(ReleaseSummary::of)
              .findFirst()
              .orElse(null);
      List<ReleaseSummary> waiting =
          inLane.stream()
              .filter(release -> release.state() == ReleaseState.WAITING)
              .map(ReleaseSummary::of)
              .toList();
      lanes.add(
          new Lane(
              datacenter, inFlight, waiting, state.outcomes().getOrDefault(datacenter, List.of())));
    }
    return new RepositoryView(state.repository(), state.lastNumber(), lanes);
  }
}
