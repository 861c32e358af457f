package dev.slipway.runner.domain;

import dev.slipway.events.TaskRunStateChanged;

/** Where state changes go (the build-job topic). */
public interface RunEvents {

  /**
   * Publishes durably. {@code eventId} is deterministic per run and state, so publishing again
   * after a crash yields the same event.
   */
  void publish(RunRequest request, String eventId, TaskRunStateChanged event);
}
