package dev.slipway.compiler.domain;

import java.time.Duration;

/**
 * What the compiler reports for the operators' metrics, without knowing a metrics library: the
 * service wires an implementation in at its start.
 */
public interface PlanningListener {

  PlanningListener NONE = new PlanningListener() {};

  /** One try at a webhook ended so: each retry of an unreadable repository counts as one. */
  default void handled(Plan.Outcome outcome) {}

  /** A commit the cache lacked was fetched, or not: how long the fetch took either way. */
  default void fetched(Duration took) {}
}
