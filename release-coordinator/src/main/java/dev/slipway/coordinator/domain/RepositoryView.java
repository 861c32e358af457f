package dev.slipway.coordinator.domain;

import dev.slipway.coordinator.domain.LaneOutcome.Result;
import dev.slipway.events.ReleaseState;
import dev.slipway.events.ReleaseSummary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What operators see of one repository: per datacenter, the release live there, the one in flight,
 * the waiting ones and the last outcomes; and the history of every release remembered, newest
 * first.
 */
public record RepositoryView(
    String repository,
    int lastReleaseNumber,
    List<Lane> datacenters,
    List<ReleaseSummary> releases,
    List<RejectedOperation> rejectedOperations) {

  /**
   * @param live the release that rolled out there last, or null when none is remembered
   * @param inFlight null when the lane is free
   */
  public record Lane(
      String datacenter,
      ReleaseSummary live,
      ReleaseSummary inFlight,
      List<ReleaseSummary> waiting,
      List<LaneOutcome> lastOutcomes) {}

  public static RepositoryView of(RepositoryReleases state) {
    List<ReleaseSummary> history = new ArrayList<>();
    state.active().forEach(release -> history.add(summary(release, null)));
    state.finished().forEach(ended -> history.add(summary(ended.release(), ended.detail())));
    history.sort((a, b) -> Integer.compare(b.number(), a.number()));
    Map<Integer, ReleaseSummary> byNumber =
        history.stream().collect(Collectors.toMap(ReleaseSummary::number, Function.identity()));

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
              .map(release -> byNumber.get(release.number()))
              .findFirst()
              .orElse(null);
      List<ReleaseSummary> waiting =
          inLane.stream()
              .filter(release -> release.state() == ReleaseState.WAITING)
              .map(release -> byNumber.get(release.number()))
              .toList();
      List<LaneOutcome> outcomes = state.outcomes().getOrDefault(datacenter, List.of());
      ReleaseSummary live = null;
      for (LaneOutcome outcome : outcomes) {
        if (outcome.result() == Result.ROLLED_OUT) {
          live = byNumber.get(outcome.number());
        }
      }
      lanes.add(new Lane(datacenter, live, inFlight, waiting, outcomes));
    }
    return new RepositoryView(
        state.repository(), state.lastNumber(), lanes, history, state.rejected());
  }

  private static ReleaseSummary summary(Release release, String detail) {
    boolean ended = release.state().terminal();
    return new ReleaseSummary(
        release.releaseId(),
        release.number(),
        release.origin().describe(),
        release.tag(),
        release.sha(),
        release.image(),
        release.state(),
        release.datacenters().isEmpty() ? null : release.datacenter(),
        release.datacenters(),
        release.rolledOutIn(),
        release.publishedAt(),
        release.requestedAt(),
        release.since(),
        ended ? release.since() : null,
        detail,
        release.correlationId());
  }
}
