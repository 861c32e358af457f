package dev.slipway.reporter.domain;

/** The deployment status states Slipway uses of the ones GitHub knows. */
public enum DeploymentState {
  QUEUED,
  IN_PROGRESS,
  SUCCESS,
  FAILURE,
  ERROR
}
