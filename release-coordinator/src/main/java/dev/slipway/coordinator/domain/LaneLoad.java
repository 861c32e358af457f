package dev.slipway.coordinator.domain;

import dev.slipway.events.ReleaseState;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How busy each datacenter's lanes are, over every repository: releases in flight and releases
 * waiting for a lane. A datacenter appears once any release of any repository names it or left one
 * of its lanes, with 0 when nothing is in flight or waiting there now.
 */
public final class LaneLoad {

  public static final LaneLoad NONE = new LaneLoad(Map.of(), Map.of());

  private final Map<String, Integer> inFlight;
  private final Map<String, Integer> waiting;

  private LaneLoad(Map<String, Integer> inFlight, Map<String, Integer> waiting) {
    this.inFlight = Collections.unmodifiableMap(inFlight);
    this.waiting = Collections.unmodifiableMap(waiting);
  }

  public static LaneLoad of(Iterable<RepositoryReleases> repositories) {
    Map<String, Integer> inFlight = new TreeMap<>();
    Map<String, Integer> waiting = new TreeMap<>();
    for (RepositoryReleases repository : repositories) {
      repository.outcomes().keySet().forEach(datacenter -> known(datacenter, inFlight, waiting));
      for (Release release : repository.active()) {
        release.datacenters().forEach(datacenter -> known(datacenter, inFlight, waiting));
        if (release.state() == ReleaseState.IN_FLIGHT) {
          inFlight.merge(release.datacenter(), 1, Integer::sum);
        } else if (release.state() == ReleaseState.WAITING) {
          waiting.merge(release.datacenter(), 1, Integer::sum);
        }
      }
    }
    return new LaneLoad(inFlight, waiting);
  }

  private static void known(
      String datacenter, Map<String, Integer> inFlight, Map<String, Integer> waiting) {
    inFlight.putIfAbsent(datacenter, 0);
    waiting.putIfAbsent(datacenter, 0);
  }

  public Set<String> datacenters() {
    return inFlight.keySet();
  }

  /** Releases in flight in the datacenter: at most one per repository. */
  public int inFlight(String datacenter) {
    return inFlight.getOrDefault(datacenter, 0);
  }

  /** Releases waiting for a lane of the datacenter. */
  public int waiting(String datacenter) {
    return waiting.getOrDefault(datacenter, 0);
  }
}
