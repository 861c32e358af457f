package dev.slipway.coordinator.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the coordinator knows about one repository: one state-store entry, keyed like every
 * topic by the repository's full name, so one record is read and written per event.
 *
 * @param lastNumber the release number given last (v1, v2, ...)
 * @param active releases not yet terminal, each waiting for or holding the lane of its current
 *     datacenter
 * @param finished the most recent terminal releases, newest last
 * @param outcomes per datacenter, the most recent ways releases left its lane, newest last
 */
public record RepositoryReleases(
    String repository,
    int lastNumber,
    List<Release> active,
    List<FinishedRelease> finished,
    Map<String, List<LaneOutcome>> outcomes) {

  public RepositoryReleases {
    active = List.copyOf(active);
    finished = List.copyOf(finished);
    outcomes = new LinkedHashMap<>(outcomes);
    outcomes.replaceAll((datacenter, list) -> List.copyOf(list));
  }

  public static RepositoryReleases empty(String repository) {
    return new RepositoryReleases(repository, 0, List.of(), List.of(), Map.of());
  }

  @Override
  public Map<String, List<LaneOutcome>> outcomes() {
    return Collections.unmodifiableMap(outcomes);
  }

  public Optional<Release> activeRelease(String releaseId) {
    return active.stream().filter(release -> release.releaseId().equals(releaseId)).findFirst();
  }

  boolean knows(String releaseId) {
    return activeRelease(releaseId).isPresent()
        || finished.stream().anyMatch(release -> release.releaseId().equals(releaseId));
  }
}
