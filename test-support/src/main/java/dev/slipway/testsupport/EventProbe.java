package dev.slipway.testsupport;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.kafka.TopicSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic from its end at creation time through the typed registry's serde, so tests assert
 * on exactly what a service produced after a point in time.
 */
public final class EventProbe<E> implements AutoCloseable {

  private final Topic<E> topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Envelope<E>> seen = new ArrayList<>();

  private EventProbe(Topic<E> topic, String bootstrapServers) {
    this.topic = topic;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "probe-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /** Sees what is produced from now on. The topic must exist. */
  public static <E> EventProbe<E> fromNow(Topic<E> topic) {
    return fromNow(topic, KafkaBroker.bootstrapServers());
  }

  /** Sees what is produced from now on to the topic on the broker at {@code bootstrapServers}. */
  public static <E> EventProbe<E> fromNow(Topic<E> topic, String bootstrapServers) {
    return new EventProbe<>(topic, bootstrapServers);
  }

  /** Everything read so far, after reading what is there for {@code quiet}. */
  public List<Envelope<E>> drain(Duration quiet) {
    Instant end = Instant.now().plus(quiet);
    while (Instant.now().isBefore(end)) {
      poll();
    }
    return List.copyOf(seen);
  }

  /**
   * Everything read so far, after reading up to the topic's end as it is now: with read-committed,
   * the last record of every committed transaction. Once the producer is known to be idle (e.g. it
   * committed its input), nothing it produced is missed, without waiting for a quiet period.
   */
  public List<Envelope<E>> drainToEnd(Duration timeout) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    Instant end = Instant.now().plus(timeout);
    while (ends.entrySet().stream()
        .anyMatch(partition -> consumer.position(partition.getKey()) < partition.getValue())) {
      if (!Instant.now().isBefore(end)) {
        throw new AssertionError("did not read " + topic + " up to " + ends + " within " + timeout);
      }
      poll();
    }
    return List.copyOf(seen);
  }

  /**
   * Waits until {@code count} events matching {@code filter} were read; fails after {@code
   * timeout}.
   */
  public List<Envelope<E>> await(Predicate<Envelope<E>> filter, int count, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      poll();
      List<Envelope<E>> matching = seen.stream().filter(filter).toList();
      if (matching.size() >= count) {
        return matching;
      }
    }
    throw new AssertionError(
        "expected "
            + count
            + " matching events on "
            + topic
            + " within "
            + timeout
            + ", saw "
            + seen);
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      seen.add(
          TopicSerdes.valueSerde(topic)
              .deserializer()
              .deserialize(record.topic(), record.headers(), record.value()));
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
