package dev.slipway.ops.kafka;

/** The delivery to trace has no webhook event where it was searched for. */
public class DeliveryNotFoundException extends RuntimeException {

  public DeliveryNotFoundException(String message) {
    super(message);
  }
}
