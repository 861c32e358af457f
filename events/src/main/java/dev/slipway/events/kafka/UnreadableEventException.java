package dev.slipway.events.kafka;

/**
 * A record that is not a Slipway event of its topic: it goes to the dead-letter topic with this
 * reason.
 */
public class UnreadableEventException extends RuntimeException {

  public UnreadableEventException(String message) {
    super(message);
  }

  public UnreadableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
