package dev.slipway.ops.kafka;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.Topics;
import dev.slipway.ops.domain.RecordCopy;
import dev.slipway.ops.domain.ReplaySelection;
import dev.slipway.ops.domain.Replays;
import dev.slipway.ops.domain.TracedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Re-publishes the selected records of a topic (see {@link Replays} for what a replay carries). The
 * topic is read up to the end it had when the replay began, so records this replay publishes to the
 * same topic are never replayed again by it. Who ran a replay is in its report lines and, durably,
 * in every record it published ({@code ce_replayedby}).
 */
public final class KafkaReplay {

  /** What was replayed: the records selected, and those published (none in a dry run). */
  public record Outcome(int selected, int published, int skipped) {}

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final Duration sendTimeout;
  private final Clock clock;

  public KafkaReplay(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      Producer<byte[], byte[]> producer,
      Duration sendTimeout,
      Clock clock) {
    this.consumer = consumer;
    this.producer = producer;
    this.sendTimeout = sendTimeout;
    this.clock = clock;
  }

  /**
   * @param rerun the id of the rerun the replayed webhooks ask for ({@code ce_rerun}); null for a
   *     plain replay
   * @param report one line per record, for the operator
   */
  public Outcome replay(
      String topic,
      ReplaySelection selection,
      boolean dryRun,
      String user,
      String rerun,
      Consumer<String> report) {
    if (Topics.byName(topic).isEmpty()) {
      throw new IllegalArgumentException("not a Slipway topic: " + topic);
    }
    report.accept(
        "replay by="
            + user
            + " topic="
            + topic
            + " from="
            + selection.from()
            + " to="
            + selection.to()
            + (selection.repository() == null ? "" : " repo=" + selection.repository())
            + (selection.delivery() == null ? "" : " delivery=" + selection.delivery())
            + (rerun == null ? "" : " rerun=" + rerun)
            + (dryRun ? " dry-run" : ""));
    List<ConsumerRecord<byte[], byte[]>> selected = new ArrayList<>();
    new TopicReader(consumer)
        .read(
            List.of(topic),
            selection.from(),
            selection.to(),
            record -> {
              if (selection.selects(EventDecoder.copy(record))) {
                selected.add(record);
              }
            });
    int published = 0;
    int skipped = 0;
    Map<String, String> refedBy = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : selected) {
      RecordCopy copy = EventDecoder.copy(record);
      Replays.Replay replay;
      if (topic.equals(Topics.DEAD_LETTER.name())) {
        TracedEvent letter = EventDecoder.decode(record);
        if (!(letter.data() instanceof DeadLetter deadLetter)
            || Topics.byName(deadLetter.topic()).isEmpty()) {
          report.accept("skipped " + copy.position() + ": not a dead letter of a Slipway topic");
          skipped++;
          continue;
        }
        // Every service that consumes a topic dead-letters a record it cannot read on its own: the
        // record goes back once, and every consumer of its topic reads it again.
        String held = deadLetter.topic() + "/" + deadLetter.partition() + "@" + deadLetter.offset();
        String first = refedBy.putIfAbsent(held, copy.position());
        if (first != null) {
          report.accept(
              "skipped "
                  + copy.position()
                  + ": it holds "
                  + held
                  + ", which "
                  + first
                  + " re-feeds");
          skipped++;
          continue;
        }
        replay =
            Replays.of(
                deadLetter, letter.id(), UUID.randomUUID().toString(), user, clock.instant());
      } else if (rerun != null) {
        replay = Replays.rerunOf(copy, UUID.randomUUID().toString(), user, clock.instant(), rerun);
      } else {
        replay = Replays.of(copy, UUID.randomUUID().toString(), user, clock.instant());
      }
      if (dryRun) {
        report.accept(
            "would replay "
                + copy.position()
                + " event="
                + replay.replayOf()
                + " to "
                + replay.topic()
                + " repo="
                + copy.keyText()
                + " correlation="
                + copy.header(Replays.CORRELATION_ID));
        continue;
      }
      RecordMetadata written = publish(replay);
      published++;
      String line =
          "replayed "
              + copy.position()
              + " event="
              + replay.replayOf()
              + " as event="
              + replay.id()
              + " to "
              + written.topic()
              + "/"
              + written.partition()
              + "@"
              + written.offset()
              + " repo="
              + copy.keyText()
              + " correlation="
              + copy.header(Replays.CORRELATION_ID)
              + (rerun == null ? "" : " rerun=" + rerun)
              + " by="
              + user;
      report.accept(line);
    }
    return new Outcome(selected.size(), published, skipped);
  }

  private RecordMetadata publish(Replays.Replay replay) {
    RecordHeaders headers = new RecordHeaders();
    replay.headers().forEach(header -> headers.add(new RecordHeader(header.key(), header.value())));
    try {
      return producer
          .send(new ProducerRecord<>(replay.topic(), null, replay.key(), replay.value(), headers))
          .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka refused the replay of " + replay.replayOf() + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the replay of "
              + replay.replayOf()
              + " was not acknowledged in "
              + sendTimeout.toMillis()
              + " ms",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
