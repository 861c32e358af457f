package dev.slipway.runner.domain;

/** The kept output of runs. */
public interface RunLogs {

  /** The whole log of a run, empty when there is none. */
  String read(String runId);
}
