package dev.slipway.platform.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;

/** An event read from a topic, with where it was read. */
public record ConsumedEvent<E>(Topic<E> topic, Envelope<E> envelope, int partition, long offset) {

  public E data() {
    return envelope.data();
  }
}
