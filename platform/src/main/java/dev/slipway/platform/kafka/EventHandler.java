package dev.slipway.platform.kafka;

/**
 * Handles one event. Must be idempotent: delivery is at least once. Throw {@link
 * RetryableException} to be handed the same event again after a back-off; any other exception sends
 * the record to the dead-letter topic with the exception's message.
 */
@FunctionalInterface
public interface EventHandler {

  void handle(ConsumedEvent<?> event) throws Exception;
}
