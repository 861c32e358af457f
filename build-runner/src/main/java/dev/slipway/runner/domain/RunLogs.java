package dev.slipway.runner.domain;

/** The kept output of runs. */
public interface RunLogs {

  /**
   * The last lines of a run's log, at most as many bytes as the runner reads at once; empty when
   * there is none.
   */
  LogTail tail(String runId);
}
