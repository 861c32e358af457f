package dev.slipway.gateway.domain;

/**
 * A verified delivery that cannot be read; its message is a one-line reason safe to return to the
 * sender.
 */
public class InvalidDeliveryException extends Exception {

  public InvalidDeliveryException(String reason) {
    super(reason);
  }
}
