package dev.slipway.gateway.rest;

import dev.slipway.platform.logging.LogFields;
import org.slf4j.MDC;

/**
 * Names a delivery in the MDC while it is handled on this thread, so every log line says which one:
 * {@code delivery} and {@code correlation_id} (the delivery id is the correlation id of the events
 * it starts). Closing removes them.
 */
final class DeliveryLogFields implements AutoCloseable {

  private final boolean named;

  private DeliveryLogFields(String deliveryId) {
    named = deliveryId != null;
    if (named) {
      MDC.put(LogFields.DELIVERY, deliveryId);
      MDC.put(LogFields.CORRELATION_ID, deliveryId);
    }
  }

  /**
   * @param deliveryId the {@code X-GitHub-Delivery} header, null when it is missing (nothing is
   *     put)
   */
  static DeliveryLogFields of(String deliveryId) {
    return new DeliveryLogFields(deliveryId);
  }

  @Override
  public void close() {
    if (named) {
      MDC.remove(LogFields.DELIVERY);
      MDC.remove(LogFields.CORRELATION_ID);
    }
  }
}
