package dev.slipway.events.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How a topic's records travel on Kafka: keyed by the repository's full name (UTF-8), valued by its
 * events as CloudEvents in binary mode. The contracts in {@code dev.slipway.events} know nothing of
 * it.
 */
public final class TopicSerdes {

  private static final Map<Topic<?>, Serde<?>> VALUE_SERDES = new ConcurrentHashMap<>();

  private TopicSerdes() {}

  public static Serde<String> keySerde(Topic<?> topic) {
    return Serdes.String();
  }

  /** One serde per topic, made when first asked for. */
  @SuppressWarnings("unchecked")
  public static <E> Serde<Envelope<E>> valueSerde(Topic<E> topic) {
    return (Serde<Envelope<E>>)
        VALUE_SERDES.computeIfAbsent(topic, any -> new CloudEventSerde<>(topic));
  }
}
