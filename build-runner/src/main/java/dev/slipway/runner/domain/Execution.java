package dev.slipway.runner.domain;

import java.util.List;

/**
 * What an executor hands back when a run ended: the outcome and the JUnit XML reports its workspace
 * held.
 */
public record Execution(Outcome outcome, List<String> junitReports) {

  public Execution {
    junitReports = List.copyOf(junitReports);
  }

  public static Execution of(Outcome outcome) {
    return new Execution(outcome, List.of());
  }
}
