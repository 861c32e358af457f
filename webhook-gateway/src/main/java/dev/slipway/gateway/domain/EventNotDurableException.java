package dev.slipway.gateway.domain;

/** The event store did not confirm an event in time; the delivery must not be acknowledged. */
public class EventNotDurableException extends Exception {

  public EventNotDurableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
