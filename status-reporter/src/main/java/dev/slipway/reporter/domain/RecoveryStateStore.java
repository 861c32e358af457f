package dev.slipway.reporter.domain;

/** Keeps the recovery's {@link RecoveryState} across restarts. */
public interface RecoveryStateStore {

  /** {@link RecoveryState#NONE} when nothing was saved yet. */
  RecoveryState load();

  /** Durable when it returns. */
  void save(RecoveryState state);
}
