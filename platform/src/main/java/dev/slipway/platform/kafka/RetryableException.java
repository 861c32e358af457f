package dev.slipway.platform.kafka;

/**
 * A handler failed for a reason that may pass (a system it needs is down). The consumer loop backs
 * off and hands it the same record again, instead of dead-lettering it.
 */
public class RetryableException extends RuntimeException {

  public RetryableException(String message, Throwable cause) {
    super(message, cause);
  }

  public RetryableException(String message) {
    super(message);
  }
}
