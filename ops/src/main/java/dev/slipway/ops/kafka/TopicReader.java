package dev.slipway.ops.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a time window of topics without a consumer group. Both ends of the window become offsets
 * through the broker's time index ({@code offsetsForTimes}), so a read costs the records in the
 * window, not the length of the topic, and a window without records costs two index look-ups.
 */
final class TopicReader {

  private static final Duration POLL = Duration.ofMillis(200);

  /** A read that makes no progress for this long has lost the broker. */
  private static final Duration STALLED = Duration.ofSeconds(30);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;

  TopicReader(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  /** Reads the records stamped in {@code [from, to)}; returns how many. */
  long read(
      Collection<String> topics,
      Instant from,
      Instant to,
      Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
    List<TopicPartition> partitions = partitions(topics);
    return read(offsetsAt(partitions, from), offsetsAt(partitions, to), visitor);
  }

  List<TopicPartition> partitions(Collection<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos != null) {
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
    }
    return partitions;
  }

  Map<TopicPartition, Long> ends(List<TopicPartition> partitions) {
    return consumer.endOffsets(partitions);
  }

  Map<TopicPartition, Long> beginnings(List<TopicPartition> partitions) {
    return consumer.beginningOffsets(partitions);
  }

  /** Each partition's first offset stamped at or after {@code time}; its end when there is none. */
  Map<TopicPartition, Long> offsetsAt(List<TopicPartition> partitions, Instant time) {
    return offsetsAt(partitions, time, ends(partitions));
  }

  /** As {@link #offsetsAt(List, Instant)}, with the partitions' end offsets known. */
  Map<TopicPartition, Long> offsetsAt(
      List<TopicPartition> partitions, Instant time, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp offset = found.get(partition);
      offsets.put(
          partition,
          offset == null ? ends.get(partition) : Math.min(offset.offset(), ends.get(partition)));
    }
    return offsets;
  }

  /**
   * Reads each partition from its start offset up to (not including) its stop offset; returns how
   * many records.
   */
  long read(
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> stops,
      Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
    Set<TopicPartition> open = new HashSet<>();
    starts.forEach(
        (partition, start) -> {
          if (start < stops.get(partition)) {
            open.add(partition);
          }
        });
    if (open.isEmpty()) {
      return 0;
    }
    consumer.assign(open);
    // A partition paused at the end of an earlier read stays paused when it is assigned again.
    consumer.resume(consumer.paused());
    open.forEach(partition -> consumer.seek(partition, starts.get(partition)));
    long read = 0;
    long lastProgress = System.nanoTime();
    while (!open.isEmpty()) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (open.contains(partition) && record.offset() < stops.get(partition)) {
          read++;
          visitor.accept(record);
        }
      }
      Set<TopicPartition> finished = new HashSet<>();
      for (TopicPartition partition : open) {
        if (consumer.position(partition) >= stops.get(partition)) {
          finished.add(partition);
        }
      }
      if (!records.isEmpty() || !finished.isEmpty()) {
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
        throw new IllegalStateException(
            "no records from " + open + " for " + STALLED.toSeconds() + " s");
      }
      open.removeAll(finished);
      consumer.pause(finished);
    }
    return read;
  }
}
