package dev.slipway.reporter.domain;

/** The four states GitHub's commit status API knows. */
public enum CommitState {
  PENDING,
  SUCCESS,
  FAILURE,
  ERROR
}
