package dev.slipway.runner.domain;

import java.util.List;
import java.util.Optional;

/** The last reported state of every run, kept across restarts. */
public interface RunJournal {

  void save(RunRecord record);

  Optional<RunRecord> find(String runId);

  /** Runs whose last reported state is not terminal. */
  List<RunRecord> unfinished();
}
