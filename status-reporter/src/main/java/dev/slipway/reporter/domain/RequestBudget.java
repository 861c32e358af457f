package dev.slipway.reporter.domain;

/**
 * The reporter's budget of requests to GitHub, shared by its writer and recovery, so a flood of
 * redeliveries after a long outage is paced together with the statuses it causes.
 */
public interface RequestBudget {

  RequestBudget UNLIMITED = () -> true;

  /**
   * Counts one request and returns true when the budget allows it now; false, counting nothing,
   * when it does not.
   */
  boolean tryTake();
}
