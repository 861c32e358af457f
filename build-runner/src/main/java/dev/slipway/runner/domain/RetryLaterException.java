package dev.slipway.runner.domain;

/**
 * The admission cannot be handled now (the registry is down) but may be later: hand it over again
 * after a back-off.
 */
public final class RetryLaterException extends RuntimeException {

  public RetryLaterException(String message) {
    super(message);
  }
}
