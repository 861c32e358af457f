package dev.slipway.ops.domain;

import java.time.Duration;

/**
 * A place where a delivery's chain of events ended short of its goal.
 *
 * @param eventId the last event before the gap (or the dead letter)
 * @param kind what kind of stop it is
 * @param since how long ago that event happened
 * @param message one line for the operator, e.g. "no TaskRunStateChanged after TaskPlanned for 40
 *     min"
 */
public record ChainStop(String eventId, Kind kind, Duration since, String message) {

  public enum Kind {
    /** An event was dead-lettered: a service could not read or handle it. */
    DEAD_LETTER,
    /** The next event is missing for longer than a service normally takes. */
    STOPPED,
    /** The next event is missing, but not for long yet: the chain may still be moving. */
    WAITING
  }
}
