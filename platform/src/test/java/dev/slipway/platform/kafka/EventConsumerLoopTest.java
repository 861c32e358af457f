package dev.slipway.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.DeadLetterEvent;
import dev.slipway.events.Envelope;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.CloudEventSerde;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.platform.logging.LogFields;
import dev.slipway.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The loop's paths with Kafka's mock clients, one poll at a time: each scripted step runs at the
 * start of a poll, and the last one closes the loop.
 */
class EventConsumerLoopTest {

  private static final TopicPartition PARTITION = new TopicPartition(Topics.TASK_SPEC.name(), 0);
  private static final Duration BACKOFF = Duration.ofMillis(100);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final List<Long> commits = new ArrayList<>();
  private final MockConsumer<byte[], byte[]> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
          commits.add(offsets.get(PARTITION).offset());
          super.commitSync(offsets);
        }
      };
  private EventConsumerLoop running;
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> handled = new ArrayList<>();
  private final Set<String> failing = new HashSet<>();
  private final List<Long> committedAtPoll = new ArrayList<>();
  private final List<String> observed = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private final List<Map<String, String>> logFieldsWhileHandling = new ArrayList<>();

  /** Writes down what the loop reports, one line per call. */
  private final EventConsumerLoop.Listener recorder =
      new EventConsumerLoop.Listener() {
        @Override
        public void handling(String topic, Duration delay) {
          delays.add(delay);
        }

        @Override
        public void handled(String topic, String type) {
          observed.add("handled " + topic + " " + type);
        }

        @Override
        public void replayed(String topic, String type) {
          observed.add("replayed " + topic + " " + type);
        }

        @Override
        public void deadLettered(String topic, String type, String reason) {
          observed.add("dead-lettered " + topic + " " + type);
        }

        @Override
        public void retrying(String topic, String type, Exception cause) {
          observed.add("retrying " + topic + " " + type);
        }
      };

  private EventConsumerLoop loop(int maxQueued) {
    return new EventConsumerLoop(
        consumer,
        List.of(Topics.TASK_SPEC),
        event -> {
          String id = event.envelope().id();
          if (id.startsWith("oom")) {
            throw new OutOfMemoryError("Java heap space");
          }
          if (id.startsWith("reject")) {
            throw new IllegalStateException("cannot handle " + id);
          }
          if (failing.contains(id)) {
            throw new RetryableException("repository unreachable");
          }
          handled.add(id);
          logFieldsWhileHandling.add(MDC.getCopyOfContextMap());
          if (id.startsWith("stop")) {
            running.close();
          }
        },
        new EventPublisher(producer, Duration.ofSeconds(1)),
        "/slipway/test",
        clock,
        BACKOFF,
        maxQueued,
        recorder);
  }

  /** Runs {@code steps}, one at the start of each poll after the first, then closes the loop. */
  private void run(
      EventConsumerLoop loop, List<ConsumerRecord<byte[], byte[]>> records, Runnable... steps) {
    running = loop;
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(PARTITION));
          consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
          records.forEach(consumer::addRecord);
        });
    for (Runnable step : steps) {
      consumer.schedulePollTask(
          () -> {
            committedAtPoll.add(committed());
            step.run();
          });
    }
    consumer.schedulePollTask(
        () -> {
          committedAtPoll.add(committed());
          loop.close();
        });
    loop.run();
  }

  private long committed() {
    OffsetAndMetadata offset = consumer.committed(Set.of(PARTITION)).get(PARTITION);
    return offset == null ? -1 : offset.offset();
  }

  private Runnable after(Duration duration) {
    return () -> clock.advance(duration);
  }

  private static ConsumerRecord<byte[], byte[]> event(long offset, String repository, String id) {
    Envelope<TaskSpecEvent> envelope =
        new Envelope<>(
            id,
            "/slipway/test",
            repository,
            Instant.parse("2026-11-30T10:00:00Z"),
            "delivery-" + id,
            null,
            new RunsCancelled(repository, 1, null, "closed"),
            null);
    RecordHeaders headers = new RecordHeaders();
    byte[] value =
        TopicSerdes.valueSerde(Topics.TASK_SPEC)
            .serializer()
            .serialize(PARTITION.topic(), headers, envelope);
    return record(offset, repository, value, headers);
  }

  /** An event as {@code ./slipway replay} publishes it again. */
  private static ConsumerRecord<byte[], byte[]> replayOf(
      long offset, String repository, String id) {
    ConsumerRecord<byte[], byte[]> record = event(offset, repository, id);
    record
        .headers()
        .add(CloudEventSerde.REPLAY_OF_HEADER, "original".getBytes(StandardCharsets.UTF_8));
    return record;
  }

  private static ConsumerRecord<byte[], byte[]> record(
      long offset, String repository, byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(
        PARTITION.topic(),
        PARTITION.partition(),
        offset,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        value.length,
        repository.getBytes(StandardCharsets.UTF_8),
        value,
        headers,
        java.util.Optional.empty());
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetters() {
    return producer.history().stream()
        .filter(r -> r.topic().equals(Topics.DEAD_LETTER.name()))
        .toList();
  }

  private static DeadLetter letter(ProducerRecord<byte[], byte[]> record) {
    Envelope<DeadLetterEvent> envelope =
        TopicSerdes.valueSerde(Topics.DEAD_LETTER)
            .deserializer()
            .deserialize(record.topic(), record.headers(), record.value());
    return (DeadLetter) envelope.data();
  }

  @Test
  void aRetryableFailureParksItsRepositoryWhileAnotherRepositoryOnThePartitionGoesOn() {
    failing.add("gone-1");
    EventConsumerLoop loop = loop(100);

    run(
        loop,
        List.of(
            event(0, "org/gone", "gone-1"),
            event(1, "org/gone", "gone-2"),
            event(2, "org/live", "live-1")),
        () -> {
          assertThat(handled).as("before the back-off is over").containsExactly("live-1");
          failing.clear();
        },
        after(BACKOFF),
        () -> {});

    assertThat(handled).containsExactly("live-1", "gone-1", "gone-2");
    assertThat(committedAtPoll)
        .as(
            "committed at each poll: up to the parked record, then past everything once nothing is left")
        .containsExactly(0L, 0L, 0L, 3L);
  }

  @Test
  void whileAKeysQueueDrainsItsOffsetIsCommittedEverySecond() {
    EventConsumerLoop loop = loop(100);

    run(
        loop,
        List.of(
            event(0, "org/busy", "busy-1"),
            event(1, "org/busy", "busy-2"),
            event(2, "org/busy", "busy-3"),
            event(3, "org/busy", "busy-4")),
        () -> {},
        after(Duration.ofSeconds(1)),
        () -> {});

    assertThat(handled).containsExactly("busy-1", "busy-2", "busy-3", "busy-4");
    assertThat(committedAtPoll).containsExactly(1L, 1L, 3L, 4L);
  }

  @Test
  void aLoopClosedWhileAQueueDrainsCommitsWhatItHandled() {
    EventConsumerLoop loop = loop(100);

    run(
        loop,
        List.of(
            event(0, "org/busy", "busy-1"),
            event(1, "org/busy", "stop-2"),
            event(2, "org/busy", "busy-3")),
        () -> {});

    assertThat(handled).containsExactly("busy-1", "stop-2");
    assertThat(commits).containsExactly(1L, 2L);
  }

  @Test
  void aParkedRepositoryIsTriedAgainAfterABackOffThatDoubles() {
    failing.add("gone-1");
    EventConsumerLoop loop = loop(100);

    run(
        loop,
        List.of(event(0, "org/gone", "gone-1")),
        after(BACKOFF.minusMillis(1)),
        after(Duration.ofMillis(1)),
        after(BACKOFF.multipliedBy(2).minusMillis(1)),
        () -> {
          assertThat(handled).isEmpty();
          failing.clear();
        },
        after(Duration.ofMillis(1)));

    assertThat(handled).containsExactly("gone-1");
    assertThat(committedAtPoll).containsExactly(0L, 0L, 0L, 0L, 0L, 1L);
  }

  @Test
  void aDeadLetterThatCannotBePublishedIsTriedAgainAndItsOffsetWaits() {
    EventConsumerLoop loop = loop(100);
    byte[] garbage = "\u0000not an event".getBytes(StandardCharsets.UTF_8);
    producer.sendException = new TimeoutException("dead-letter topic unavailable");

    run(
        loop,
        List.of(
            record(0, "org/corrupt", garbage, new RecordHeaders()), event(1, "org/live", "live-1")),
        () -> {
          assertThat(deadLetters()).isEmpty();
          producer.sendException = null;
        },
        after(BACKOFF),
        () -> {});

    assertThat(handled).containsExactly("live-1");
    assertThat(deadLetters()).hasSize(1);
    DeadLetter letter = letter(deadLetters().get(0));
    assertThat(letter.reason()).startsWith("unreadable:");
    assertThat(letter.offset()).isZero();
    assertThat(letter.value()).isEqualTo(garbage);
    assertThat(committedAtPoll).containsExactly(0L, 0L, 2L, 2L);
  }

  @Test
  void anEventTheHandlerRejectsIsDeadLetteredAndCommitted() {
    EventConsumerLoop loop = loop(100);

    run(loop, List.of(event(0, "org/bad", "reject-1"), event(1, "org/bad", "bad-2")), () -> {});

    assertThat(deadLetters())
        .extracting(r -> letter(r).reason())
        .containsExactly("handler failed: java.lang.IllegalStateException: cannot handle reject-1");
    assertThat(handled).containsExactly("bad-2");
    assertThat(committedAtPoll).containsExactly(1L, 2L);
  }

  @Test
  void anErrorEndsTheLoopForItsSupervisorAndClosesTheConsumer() {
    EventConsumerLoop loop = loop(100);
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(PARTITION));
          consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
          consumer.addRecord(event(0, "org/bomb", "oom-1"));
        });

    assertThatThrownBy(loop::run).isInstanceOf(OutOfMemoryError.class);
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void aPartitionWithTooManyWaitingRecordsIsPausedUntilTheyAreHandled() {
    failing.add("gone-1");
    EventConsumerLoop loop = loop(3);
    List<Set<TopicPartition>> paused = new ArrayList<>();

    run(
        loop,
        List.of(
            event(0, "org/gone", "gone-1"),
            event(1, "org/gone", "gone-2"),
            event(2, "org/gone", "gone-3")),
        () -> {
          paused.add(consumer.paused());
          failing.clear();
        },
        after(BACKOFF),
        after(Duration.ZERO),
        () -> paused.add(consumer.paused()));

    assertThat(paused).containsExactly(Set.of(PARTITION), Set.of());
    assertThat(handled).containsExactly("gone-1", "gone-2", "gone-3");
  }

  @Test
  void aRevokedPartitionIsCommittedUpToItsOldestUnhandledRecordAndForgotten() {
    failing.add("gone-1");
    EventConsumerLoop loop = loop(100);

    run(
        loop,
        List.of(event(0, "org/gone", "gone-1"), event(1, "org/live", "live-1")),
        () -> consumer.rebalance(List.of()),
        () -> failing.clear(),
        after(BACKOFF));

    assertThat(handled).as("the parked record went with its partition").containsExactly("live-1");
    assertThat(committedAtPoll).containsExactly(0L, 0L, 0L, 0L);
  }

  @Test
  void everyOutcomeIsReportedWithItsTopicAndEventType() {
    failing.add("gone-1");
    byte[] garbage = "\u0000not an event".getBytes(StandardCharsets.UTF_8);
    String topic = Topics.TASK_SPEC.name();

    run(
        loop(100),
        List.of(
            event(0, "org/a", "ok-1"),
            replayOf(1, "org/b", "again-1"),
            record(2, "org/c", garbage, new RecordHeaders()),
            event(3, "org/d", "reject-1"),
            event(4, "org/e", "gone-1")),
        () -> failing.clear(),
        after(BACKOFF),
        () -> {});

    assertThat(observed)
        .containsExactlyInAnyOrder(
            "handled " + topic + " RunsCancelled",
            "handled " + topic + " RunsCancelled",
            "replayed " + topic + " RunsCancelled",
            "dead-lettered " + topic + " unknown",
            "dead-lettered " + topic + " RunsCancelled",
            "retrying " + topic + " RunsCancelled",
            "handled " + topic + " RunsCancelled");
  }

  @Test
  void theDelayFromAnEventsTimeIsReportedOnceWhenItsHandlingFirstStarts() {
    failing.add("gone-1");
    clock.advance(Duration.ofSeconds(3));

    run(
        loop(100),
        List.of(event(0, "org/gone", "gone-1")),
        () -> failing.clear(),
        after(BACKOFF),
        () -> {});

    assertThat(handled).containsExactly("gone-1");
    assertThat(delays).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void theEventIsNamedInTheLogFieldsWhileItIsHandledAndOnlyThen() {
    run(loop(100), List.of(event(0, "org/a", "ok-1")), () -> {});

    assertThat(logFieldsWhileHandling)
        .containsExactly(
            Map.of(
                LogFields.CORRELATION_ID, "delivery-ok-1",
                LogFields.TOPIC, Topics.TASK_SPEC.name(),
                LogFields.EVENT_TYPE, "RunsCancelled",
                LogFields.REPOSITORY, "org/a"));
    assertThat(MDC.getCopyOfContextMap()).as("after handling").isNullOrEmpty();
  }
}
