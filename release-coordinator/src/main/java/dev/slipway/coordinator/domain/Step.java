package dev.slipway.coordinator.domain;

import java.util.List;

/**
 * The result of one decision: the new state, whether it differs from the old one (so the store is
 * written only then), what to publish, and the transitions to log.
 */
public record Step(
    RepositoryReleases state,
    boolean changed,
    List<Decision> decisions,
    List<Transition> transitions) {

  public Step {
    decisions = List.copyOf(decisions);
    transitions = List.copyOf(transitions);
  }

  static Step unchanged(RepositoryReleases state) {
    return new Step(state, false, List.of(), List.of());
  }
}
