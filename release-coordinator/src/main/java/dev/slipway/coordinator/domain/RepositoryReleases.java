package dev.slipway.coordinator.domain;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the coordinator knows about one repository: one state-store entry, keyed like every
 * topic by the repository's full name, so one record is read and written per event.
 *
 * @param lastNumber the release number given last (v1, v2, ...)
 * @param active releases not yet terminal, each waiting for or holding the lane of its current
 *     datacenter
 * @param finished the most recent terminal releases, newest last
 * @param outcomes per datacenter, the most recent ways releases left its lane, newest last
 * @param rejected the most recent release operations refused, newest last
 */
public record RepositoryReleases(
    String repository,
    int lastNumber,
    List<Release> active,
    List<FinishedRelease> finished,
    Map<String, List<LaneOutcome>> outcomes,
    List<RejectedOperation> rejected) {

  public RepositoryReleases {
    active = List.copyOf(active);
    finished = List.copyOf(finished);
    outcomes = new LinkedHashMap<>(outcomes);
    outcomes.replaceAll((datacenter, list) -> List.copyOf(list));
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  public static RepositoryReleases empty(String repository) {
    return new RepositoryReleases(repository, 0, List.of(), List.of(), Map.of(), List.of());
  }

  @Override
  public Map<String, List<LaneOutcome>> outcomes() {
    return Collections.unmodifiableMap(outcomes);
  }

  public Optional<Release> activeRelease(String releaseId) {
    return active.stream().filter(release -> release.releaseId().equals(releaseId)).findFirst();
  }

  /** Every release remembered, active or finished, in its current state, newest number first. */
  public List<Release> releases() {
    return Stream.concat(active.stream(), finished.stream().map(FinishedRelease::release))
        .sorted(Comparator.comparingInt(Release::number).reversed())
        .toList();
  }

  public Optional<Release> release(int number) {
    return releases().stream().filter(release -> release.number() == number).findFirst();
  }

  public Optional<RejectedOperation> rejection(String operationId) {
    return rejected.stream()
        .filter(operation -> operation.operationId().equals(operationId))
        .findFirst();
  }

  boolean knows(String releaseId) {
    return activeRelease(releaseId).isPresent()
        || finished.stream().anyMatch(release -> release.releaseId().equals(releaseId));
  }
}
