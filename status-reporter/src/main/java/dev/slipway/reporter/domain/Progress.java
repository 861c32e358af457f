package dev.slipway.reporter.domain;

/**
 * How far the run behind a status has come. Within one run a status only ever moves forward through
 * these, and a finished run's first final status is the one that stays.
 */
public enum Progress {
  QUEUED,
  RUNNING,
  FINISHED
}
