package dev.slipway.gateway.kafka;

import dev.slipway.events.Topics;
import dev.slipway.events.kafka.CloudEventSerde;
import dev.slipway.gateway.domain.DeliveryLedger;
import dev.slipway.platform.workers.Worker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code slipway.webhook} from {@code window} ago and keeps following it, recording every
 * delivery id in the ledger: after a restart, and for deliveries other gateway instances published.
 * Only the correlation id header is read; the payload is never deserialized. It waits for the topic
 * and its partitions however long their creation takes; run it under a {@code Supervisor}, which
 * starts a fresh tail (on the same ledger) if this one fails.
 */
public final class DeliveryTail implements Worker {

  /**
   * Settings for the tail's consumer. Kafka fetches and decompresses whole records, but their
   * values need not also be copied out for a deserializer that would drop them; and while
   * deliveries keep arriving, a fetch per quarter second rather than one per published delivery
   * spares the broker and this gateway a request each time.
   */
  public static final Map<String, Object> CONSUMER_SETTINGS =
      Map.of(
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          SkippedValue.class,
          ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
          1024 * 1024,
          ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
          250);

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryTail.class);

  /**
   * CloudEvents binary mode carries each attribute and extension in a {@code ce_}-prefixed header.
   */
  static final String CORRELATION_HEADER = CloudEventSerde.CORRELATION_ID_HEADER;

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
  private static final long RETRY_PAUSE_MS = 1000;

  private final Consumer<byte[], byte[]> consumer;
  private final DeliveryLedger ledger;
  private final Clock clock;
  private final Duration window;
  private final BooleanSupplier topicExists;
  private final CountDownLatch closing = new CountDownLatch(1);
  private Map<TopicPartition, Long> endAtStart;
  private volatile boolean closed;

  /**
   * @param consumer a consumer without group, for manual assignment (the gateway's has {@link
   *     #CONSUMER_SETTINGS}); closed by this tail
   * @param topicExists whether the topic has been created with its settings (reading first could
   *     auto-create it)
   */
  public DeliveryTail(
      Consumer<byte[], byte[]> consumer,
      DeliveryLedger ledger,
      Clock clock,
      Duration window,
      BooleanSupplier topicExists) {
    this.consumer = consumer;
    this.ledger = ledger;
    this.clock = clock;
    this.window = window;
    this.topicExists = topicExists;
  }

  @Override
  public void run() {
    try {
      while (!closed) {
        step();
      }
    } finally {
      consumer.close();
    }
  }

  private void step() {
    try {
      if (endAtStart == null) {
        if (!topicExists.getAsBoolean() || !assignFromWindowStart()) {
          pause();
          return;
        }
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        Header correlation = record.headers().lastHeader(CORRELATION_HEADER);
        if (correlation != null) {
          ledger.published(
              new String(correlation.value(), StandardCharsets.UTF_8),
              Instant.ofEpochMilli(record.timestamp()));
        }
      }
      if (!ledger.loaded() && caughtUp()) {
        ledger.markLoaded();
        LOG.info(
            "read back {} deliveries of the last {} from {}",
            ledger.size(),
            window,
            Topics.WEBHOOK.name());
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } catch (KafkaException e) {
      LOG.warn(
          "reading back deliveries from {} failed, retrying: {}",
          Topics.WEBHOOK.name(),
          e.getMessage());
      pause();
    }
  }

  /**
   * @return false while the broker does not know the topic's partitions yet: right after the topic
   *     was created, its metadata can lag behind, and assigning no partitions would leave nothing
   *     to read
   */
  private boolean assignFromWindowStart() {
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.WEBHOOK.name(), METADATA_TIMEOUT).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      LOG.debug("{} has no partitions yet, waiting", Topics.WEBHOOK.name());
      return false;
    }
    consumer.assign(partitions);
    long windowStart = clock.instant().minus(window).toEpochMilli();
    Map<TopicPartition, OffsetAndTimestamp> starts =
        consumer.offsetsForTimes(
            partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> windowStart)),
            METADATA_TIMEOUT);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp start = starts.get(partition);
      if (start == null) {
        consumer.seekToEnd(List.of(partition));
      } else {
        consumer.seek(partition, start.offset());
      }
    }
    endAtStart = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    return true;
  }

  private boolean caughtUp() {
    return endAtStart.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey(), METADATA_TIMEOUT) >= end.getValue());
  }

  private void pause() {
    try {
      closing.await(RETRY_PAUSE_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    closing.countDown();
    consumer.wakeup();
  }

  /** Reads every record's value as null, without copying it. */
  public static final class SkippedValue implements Deserializer<byte[]> {

    @Override
    public byte[] deserialize(String topic, byte[] data) {
      return null;
    }

    @Override
    public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
      return null;
    }
  }
}
