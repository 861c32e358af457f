package dev.slipway.events;

/**
 * The states of a task run or a release build. ERROR means our infrastructure failed, not the
 * user's code.
 */
public enum RunState {
  QUEUED,
  STARTED,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  CANCELLED,
  ERROR;

  public boolean isTerminal() {
    return this != QUEUED && this != STARTED;
  }
}
