package dev.slipway.runner.domain;

import dev.slipway.events.TaskPlanned;

/**
 * A planned task and the event that asked for it: every state change names that event as its cause
 * and carries its correlation id.
 */
public record RunRequest(TaskPlanned task, String causeId, String correlationId) {

  public String runId() {
    return task.runId();
  }
}
