package dev.slipway.runner.domain;

import dev.slipway.events.ContainerTimes;
import java.util.List;

/**
 * What an executor hands back when a run ended: the outcome, the JUnit XML reports its workspace
 * held, and when its container started, first wrote output and exited (null when the executor
 * cannot tell).
 */
public record Execution(Outcome outcome, List<String> junitReports, ContainerTimes container) {

  public Execution {
    junitReports = List.copyOf(junitReports);
  }

  public static Execution of(Outcome outcome) {
    return new Execution(outcome, List.of(), null);
  }
}
