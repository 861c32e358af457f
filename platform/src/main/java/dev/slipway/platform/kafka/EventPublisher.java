package dev.slipway.platform.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.kafka.TopicSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes envelopes on their topic, keyed by repository, through the one shared durable producer.
 */
public final class EventPublisher implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final Duration sendTimeout;
  private final Listener listener;

  /** Observes the publisher, e.g. for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /**
     * The broker acknowledged an event of {@link EventTypes type} {@code type} on {@code topic}.
     * Called on the producer's I/O thread: must be quick.
     */
    default void published(String topic, String type) {}
  }

  public EventPublisher(Producer<byte[], byte[]> producer, Duration sendTimeout) {
    this(producer, sendTimeout, Listener.NONE);
  }

  public EventPublisher(
      Producer<byte[], byte[]> producer, Duration sendTimeout, Listener listener) {
    this.producer = producer;
    this.sendTimeout = sendTimeout;
    this.listener = listener;
  }

  /** Sends without waiting; the future completes when the broker acknowledged (acks=all). */
  public <E> CompletableFuture<RecordMetadata> send(Topic<E> topic, Envelope<E> envelope) {
    CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
    try {
      RecordHeaders headers = new RecordHeaders();
      byte[] value =
          TopicSerdes.valueSerde(topic).serializer().serialize(topic.name(), headers, envelope);
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              topic.name(), null, envelope.key().getBytes(StandardCharsets.UTF_8), value, headers);
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              listener.published(topic.name(), EventTypes.of(envelope.data()));
              acknowledged.complete(metadata);
            } else {
              acknowledged.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      acknowledged.completeExceptionally(e);
    }
    return acknowledged;
  }

  /**
   * Sends and waits for the broker's acknowledgement, at most the configured send timeout.
   *
   * @throws PublishFailedException when Kafka did not acknowledge in time or refused the record
   */
  public <E> RecordMetadata publish(Topic<E> topic, Envelope<E> envelope) {
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    try {
      // send() itself may block for metadata; the wait for the acknowledgement gets only what is
      // left.
      CompletableFuture<RecordMetadata> acknowledged = send(topic, envelope);
      return acknowledged.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new PublishFailedException(
          topic, "not acknowledged within " + sendTimeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new PublishFailedException(topic, e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException(topic, "interrupted", e);
    }
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
