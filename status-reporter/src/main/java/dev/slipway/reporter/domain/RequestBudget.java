package dev.slipway.reporter.domain;

import java.time.Clock;
import java.time.Instant;

/**
 * The reporter's budget of requests to GitHub, shared by its writer and recovery, so a flood of
 * redeliveries after a long outage is paced together with the statuses it causes.
 */
public interface RequestBudget {

  RequestBudget UNLIMITED = () -> true;

  /** A budget of its own, within {@code budget}'s limits. */
  static RequestBudget within(WriteBudget budget, Clock clock) {
    return () -> {
      synchronized (budget) {
        Instant now = clock.instant();
        if (budget.remaining(now) == 0) {
          return false;
        }
        budget.record(now);
        return true;
      }
    };
  }

  /**
   * Counts one request and returns true when the budget allows it now; false, counting nothing,
   * when it does not.
   */
  boolean tryTake();
}
