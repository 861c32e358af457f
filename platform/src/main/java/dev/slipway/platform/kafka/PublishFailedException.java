package dev.slipway.platform.kafka;

import dev.slipway.events.Topic;

/** Kafka did not durably take an event; the caller must not acknowledge what caused it. */
public class PublishFailedException extends RetryableException {

  public PublishFailedException(Topic<?> topic, String reason, Throwable cause) {
    super("publishing to " + topic.name() + " failed: " + reason, cause);
  }
}
