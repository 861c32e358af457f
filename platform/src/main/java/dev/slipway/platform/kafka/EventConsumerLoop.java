package dev.slipway.platform.kafka;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.platform.workers.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Slipway topics in a consumer group and hands each event to a handler, at least once.
 * Offsets are committed only after the handler returned. A record that cannot be read, or that the
 * handler rejects, goes to {@code slipway.dead-letter} with the reason, and the loop goes on; a
 * {@link RetryableException} rewinds the partition and retries after a growing back-off.
 */
public final class EventConsumerLoop implements Worker {

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumerLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final Map<String, Topic<?>> topics;
  private final EventHandler handler;
  private final EventPublisher publisher;
  private final String source;
  private final Clock clock;
  private final Duration firstBackoff;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Listener listener;

  /** Observes the loop, e.g. for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void handled(Topic<?> topic) {}

    default void deadLettered(String topic, String reason) {}

    default void retrying(Topic<?> topic, Exception cause) {}
  }

  public EventConsumerLoop(
      Consumer<byte[], byte[]> consumer,
      List<Topic<?>> topics,
      EventHandler handler,
      EventPublisher publisher,
      String source,
      Clock clock,
      Duration firstBackoff,
      Listener listener) {
    this.consumer = consumer;
    this.topics = topics.stream().collect(Collectors.toMap(Topic::name, Function.identity()));
    this.handler = handler;
    this.publisher = publisher;
    this.source = source;
    this.clock = clock;
    this.firstBackoff = firstBackoff;
    this.listener = listener;
  }

  @Override
  public void run() {
    consumer.subscribe(topics.keySet());
    Duration backoff = firstBackoff;
    try {
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean retry = false;
        for (TopicPartition partition : records.partitions()) {
          for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
            if (!process(record)) {
              consumer.seek(partition, record.offset());
              retry = true;
              break;
            }
            done.put(partition, new OffsetAndMetadata(record.offset() + 1));
          }
        }
        if (!done.isEmpty()) {
          consumer.commitSync(done);
        }
        if (retry) {
          sleep(backoff);
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        } else if (!records.isEmpty()) {
          backoff = firstBackoff;
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** @return false when the record must be handed over again later */
  private boolean process(ConsumerRecord<byte[], byte[]> record) {
    Topic<?> topic = topics.get(record.topic());
    Envelope<?> envelope;
    try {
      envelope = topic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      deadLetter(record, "unreadable: " + e.getMessage());
      return true;
    }
    if (envelope == null) {
      deadLetter(record, "unreadable: empty record");
      return true;
    }
    try {
      handle(topic, envelope, record);
      listener.handled(topic);
      return true;
    } catch (RetryableException e) {
      LOG.warn(
          "retrying event={} topic={} repo={} correlation={}: {}",
          envelope.id(), topic.name(), envelope.subject(), envelope.correlationId(), e.getMessage());
      listener.retrying(topic, e);
      return false;
    } catch (Exception e) {
      LOG.error(
          "handler rejected event={} topic={} repo={} correlation={}",
          envelope.id(), topic.name(), envelope.subject(), envelope.correlationId(), e);
      deadLetter(record, "handler failed: " + e);
      return true;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void handle(Topic<?> topic, Envelope<?> envelope, ConsumerRecord<byte[], byte[]> record)
      throws Exception {
    handler.handle(new ConsumedEvent(topic, envelope, record.partition(), record.offset()));
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    LOG.warn(
        "dead-lettering topic={} partition={} offset={}: {}",
        record.topic(), record.partition(), record.offset(), reason);
    DeadLetter letter =
        DeadLetter.of(
            record.topic(), record.partition(), record.offset(), reason, record.key(), record.value(), record.headers());
    // The dead letter must be durable before the offset moves on, or the record would be lost.
    publisher.publish(
        Topics.DEAD_LETTER,
        Envelope.first(source, letter.repositoryOrUnknown(), letter.correlationIdOrPosition(), clock.instant(), letter));
    listener.deadLettered(record.topic(), reason);
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Stops polling; the loop's thread closes the consumer. */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
