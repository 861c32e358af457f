package dev.slipway.compiler.domain;

import dev.slipway.events.TaskSpecEvent;
import java.util.List;
import java.util.Locale;

/**
 * What one webhook event turns into.
 *
 * @param outcome what kind of decision it is, as the operators count them
 * @param decision one line for the log: what was decided and why
 * @param sha the commit it concerns, null when none
 * @param events to publish in this order, each with a deterministic event id
 */
public record Plan(Outcome outcome, String decision, String sha, List<Planned> events) {

  /** The kinds of decision, each counted as {@code slipway.compiler.plans{outcome}}. */
  public enum Outcome {
    /** Work for downstream: runs, cancellations, a release or redeploy request, a skip. */
    PLANNED,
    /** A file the user must fix: a {@code PipelineRejected}. */
    REJECTED,
    /** Nothing to do: an event the compiler does not act on, a commit without the file. */
    IGNORED,
    /** The repository could not be read (or the plan not published). */
    FAILED,
    /** No organisation serves the repository: nothing is read or planned. */
    NOT_SERVED;

    /** The metric's tag value. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Plan {
    events = List.copyOf(events);
  }

  static Plan nothing(String decision, String sha) {
    return new Plan(Outcome.IGNORED, decision, sha, List.of());
  }

  static Plan planned(String decision, String sha, List<Planned> events) {
    return new Plan(Outcome.PLANNED, decision, sha, events);
  }

  /** One event to publish; {@code id} is the same every time the same webhook is planned. */
  public record Planned(String id, TaskSpecEvent event) {}
}
