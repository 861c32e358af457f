package dev.slipway.platform.kafka;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.CloudEventSerde;
import dev.slipway.events.kafka.DeadLetters;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.platform.backlog.KeyedBacklog;
import dev.slipway.platform.logging.LogFields;
import dev.slipway.platform.logging.LogScope;
import dev.slipway.platform.workers.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Slipway topics in a consumer group and hands each event to a handler, at least once.
 * Records are queued per key ({@link KeyedBacklog}): a key's events are handled in order, keys take
 * turns, and a {@link RetryableException} parks only the failing event's key for a back-off that
 * doubles up to 30 s, while the partition's other keys go on. A record that cannot be read, or that
 * the handler rejects, goes to {@code slipway.dead-letter} with the reason; a dead letter that
 * cannot be published is tried again like a retryable failure. A partition's offset is committed up
 * to its oldest record not yet handled, after each poll that read records, when nothing is left to
 * handle, at least every second otherwise, and when the loop is closed. A partition with {@code
 * maxQueued} records waiting is paused until they are down again, which bounds the memory a parked
 * key can take. An {@link Error} ends the loop: its {@code Supervisor} then reports the service not
 * live.
 */
public final class EventConsumerLoop implements Worker {

  /** Records of one partition that may wait in memory before the partition is paused. */
  public static final int DEFAULT_MAX_QUEUED = 2000;

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumerLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  private final Consumer<byte[], byte[]> consumer;
  private final Map<String, Topic<?>> topics;
  private final EventHandler handler;
  private final EventPublisher publisher;
  private final String source;
  private final Clock clock;
  private final int maxQueued;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Listener listener;
  private final KeyedBacklog<TopicPartition, ConsumerRecord<byte[], byte[]>> backlog;
  private final Map<TopicPartition, Long> read = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private Instant lastCommit = Instant.MIN;

  /**
   * Observes the loop, e.g. for metrics. {@code type} is the event's {@link EventTypes type},
   * {@link EventTypes#UNKNOWN} for a record that could not be read.
   */
  public interface Listener {
    Listener NONE = new Listener() {};

    /**
     * The handler gets an event for the first time, {@code delay} after it was produced ({@code
     * ce_time}; zero when the producer's clock is ahead).
     */
    default void handling(String topic, Duration delay) {}

    default void handled(String topic, String type) {}

    /**
     * A handled event was a replay ({@link CloudEventSerde#REPLAY_OF_HEADER}); {@link #handled} was
     * called too.
     */
    default void replayed(String topic, String type) {}

    default void deadLettered(String topic, String type, String reason) {}

    default void retrying(String topic, String type, Exception cause) {}
  }

  /**
   * @param maxQueued records of one partition waiting in memory at most before it is paused
   */
  public EventConsumerLoop(
      Consumer<byte[], byte[]> consumer,
      List<Topic<?>> topics,
      EventHandler handler,
      EventPublisher publisher,
      String source,
      Clock clock,
      Duration firstBackoff,
      int maxQueued,
      Listener listener) {
    this.consumer = consumer;
    this.topics = topics.stream().collect(Collectors.toMap(Topic::name, Function.identity()));
    this.handler = handler;
    this.publisher = publisher;
    this.source = source;
    this.clock = clock;
    this.maxQueued = maxQueued;
    this.listener = listener;
    this.backlog = new KeyedBacklog<>(clock, firstBackoff, MAX_BACKOFF);
  }

  @Override
  public void run() {
    consumer.subscribe(topics.keySet(), new Rebalance());
    try {
      try {
        while (running.get()) {
          round();
        }
      } catch (WakeupException e) {
        if (running.get()) {
          throw e;
        }
      }
      commitOnClose();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Reads what is there, hands each key whose turn it is one record, commits what is safe. */
  private void round() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      backlog.add(partition, key(record), record.offset(), record);
      read.put(partition, record.offset() + 1);
    }
    for (KeyedBacklog.Head<TopicPartition, ConsumerRecord<byte[], byte[]>> head : backlog.due()) {
      if (!running.get()) {
        return;
      }
      if (process(head.record(), head.failures() == 0)) {
        backlog.done(head);
      } else {
        Duration parked = backlog.failed(head);
        LOG.warn(
            "parked key={} topic={} partition={} offset={} for {} ms after {} failure(s); the partition's other keys go on",
            head.key(),
            head.partition().topic(),
            head.partition().partition(),
            head.offset(),
            parked.toMillis(),
            head.failures() + 1);
      }
    }
    // A key with a long queue is handled one record per round: a commit per round would cost a
    // broker round trip per record, so while draining, commits wait for the interval.
    if (!records.isEmpty()
        || backlog.isEmpty()
        || !clock.instant().isBefore(lastCommit.plus(COMMIT_INTERVAL))) {
      commit(read.keySet());
    }
    pauseOrResume();
  }

  private void commitOnClose() {
    try {
      commit(read.keySet());
    } catch (WakeupException e) {
      // close() woke the consumer after its last poll; that wake-up is used up now.
      commit(read.keySet());
    }
  }

  private Duration pollTimeout() {
    return backlog.untilNextDue().filter(wait -> wait.compareTo(POLL) < 0).orElse(POLL);
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
  }

  /**
   * @param firstTry whether the record is handed over for the first time (since it was read)
   * @return false when the record must be handed over again later
   */
  private boolean process(ConsumerRecord<byte[], byte[]> record, boolean firstTry) {
    Topic<?> topic = topics.get(record.topic());
    try (LogScope topicField = LogScope.with(LogFields.TOPIC, record.topic())) {
      Envelope<?> envelope;
      try {
        envelope =
            TopicSerdes.valueSerde(topic)
                .deserializer()
                .deserialize(record.topic(), record.headers(), record.value());
      } catch (RuntimeException e) {
        return deadLetter(record, EventTypes.UNKNOWN, "unreadable: " + e.getMessage());
      }
      if (envelope == null) {
        return deadLetter(record, EventTypes.UNKNOWN, "unreadable: empty record");
      }
      String type = EventTypes.of(envelope.data());
      try (LogScope fields =
          LogScope.with(LogFields.CORRELATION_ID, envelope.correlationId())
              .and(LogFields.EVENT_TYPE, type)
              .and(LogFields.REPOSITORY, envelope.key())) {
        if (firstTry) {
          listener.handling(topic.name(), delay(envelope));
        }
        return tryHandler(topic, type, envelope, record);
      }
    }
  }

  private Duration delay(Envelope<?> envelope) {
    Duration delay = Duration.between(envelope.time(), clock.instant());
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  /**
   * @return false when the record must be handed over again later
   */
  private boolean tryHandler(
      Topic<?> topic, String type, Envelope<?> envelope, ConsumerRecord<byte[], byte[]> record) {
    try {
      handle(topic, envelope, record);
    } catch (RetryableException e) {
      LOG.warn(
          "retrying event={} topic={} repo={} correlation={}: {}",
          envelope.id(),
          topic.name(),
          envelope.subject(),
          envelope.correlationId(),
          e.getMessage());
      listener.retrying(topic.name(), type, e);
      return false;
    } catch (Exception e) {
      LOG.error(
          "handler rejected event={} topic={} repo={} correlation={}",
          envelope.id(),
          topic.name(),
          envelope.subject(),
          envelope.correlationId(),
          e);
      return deadLetter(record, type, "handler failed: " + e);
    }
    listener.handled(topic.name(), type);
    if (record.headers().lastHeader(CloudEventSerde.REPLAY_OF_HEADER) != null) {
      listener.replayed(topic.name(), type);
    }
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void handle(Topic<?> topic, Envelope<?> envelope, ConsumerRecord<byte[], byte[]> record)
      throws Exception {
    handler.handle(new ConsumedEvent(topic, envelope, record.partition(), record.offset()));
  }

  /**
   * @return false when the dead letter could not be published: the record is tried again later
   */
  private boolean deadLetter(ConsumerRecord<byte[], byte[]> record, String type, String reason) {
    LOG.warn(
        "dead-lettering topic={} partition={} offset={}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
    DeadLetter letter =
        new DeadLetter(
            record.topic(),
            record.partition(),
            record.offset(),
            reason,
            record.key(),
            record.value(),
            DeadLetters.headersAsText(record.headers()));
    // The dead letter must be durable before the offset moves on, or the record would be lost.
    try {
      publisher.publish(
          Topics.DEAD_LETTER,
          Envelope.first(
              source,
              letter.repositoryOrUnknown(),
              DeadLetters.correlationIdOrPosition(letter),
              clock.instant(),
              letter));
    } catch (PublishFailedException e) {
      LOG.warn(
          "could not dead-letter topic={} partition={} offset={}, trying again later: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      listener.retrying(record.topic(), type, e);
      return false;
    }
    listener.deadLettered(record.topic(), type, reason);
    return true;
  }

  /** Commits each partition up to its oldest record not handled yet, where that moved. */
  private void commit(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      long safe = backlog.oldestQueued(partition).orElse(read.get(partition));
      if (!Long.valueOf(safe).equals(committed.get(partition))) {
        offsets.put(partition, new OffsetAndMetadata(safe));
      }
    }
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
      offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }
    lastCommit = clock.instant();
  }

  private void pauseOrResume() {
    Set<TopicPartition> paused = consumer.paused();
    Set<TopicPartition> toPause = new HashSet<>();
    Set<TopicPartition> toResume = new HashSet<>();
    for (TopicPartition partition : consumer.assignment()) {
      boolean full = backlog.queued(partition) >= maxQueued;
      if (full && !paused.contains(partition)) {
        toPause.add(partition);
      } else if (!full && paused.contains(partition)) {
        toResume.add(partition);
      }
    }
    if (!toPause.isEmpty()) {
      LOG.warn(
          "pausing {}: {} records wait to be handled there; parked keys {}",
          toPause,
          maxQueued,
          backlog.parked());
      consumer.pause(toPause);
    }
    if (!toResume.isEmpty()) {
      LOG.info("resuming {}", toResume);
      consumer.resume(toResume);
    }
  }

  /**
   * A partition that goes to another consumer is committed as far as it is safe, and its queue
   * dropped.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        commit(partitions.stream().filter(read::containsKey).toList());
      } catch (RuntimeException e) {
        LOG.warn(
            "could not commit revoked partitions {}: their records will be handled again",
            partitions,
            e);
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        backlog.drop(partition);
        read.remove(partition);
        committed.remove(partition);
      }
    }
  }

  /** Stops polling; the loop's thread closes the consumer. */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
