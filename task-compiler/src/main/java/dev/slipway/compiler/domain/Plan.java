package dev.slipway.compiler.domain;

import dev.slipway.events.TaskSpecEvent;
import java.util.List;

/**
 * What one webhook event turns into.
 *
 * @param decision one line for the log: what was decided and why
 * @param sha the commit it concerns, null when none
 * @param events to publish in this order, each with a deterministic event id
 */
public record Plan(String decision, String sha, List<Planned> events) {

  public Plan {
    events = List.copyOf(events);
  }

  static Plan nothing(String decision, String sha) {
    return new Plan(decision, sha, List.of());
  }

  /** One event to publish; {@code id} is the same every time the same webhook is planned. */
  public record Planned(String id, TaskSpecEvent event) {}
}
