package dev.slipway.runner.domain;

import java.util.Optional;

/** What was built for each release, kept across restarts so a release is built once. */
public interface ReleaseBuildJournal {

  /** Durably: the Kafka offset of the admission moves only after this returned. */
  void save(ReleaseBuildRecord record);

  Optional<ReleaseBuildRecord> find(String releaseId);
}
