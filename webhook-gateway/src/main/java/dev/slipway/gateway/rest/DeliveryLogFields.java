package dev.slipway.gateway.rest;

import dev.slipway.platform.logging.LogFields;
import dev.slipway.platform.logging.LogScope;

/**
 * Names a delivery in the log fields while it is handled on this thread, so every log line says
 * which one: {@code delivery} and {@code correlation_id} (the delivery id is the correlation id of
 * the events it starts).
 */
final class DeliveryLogFields {

  private DeliveryLogFields() {}

  /**
   * @param deliveryId the {@code X-GitHub-Delivery} header, null when it is missing (nothing is
   *     put)
   */
  static LogScope of(String deliveryId) {
    return LogScope.with(LogFields.DELIVERY, deliveryId).and(LogFields.CORRELATION_ID, deliveryId);
  }
}
