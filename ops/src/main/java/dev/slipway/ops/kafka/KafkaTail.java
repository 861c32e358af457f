package dev.slipway.ops.kafka;

import dev.slipway.ops.domain.CausalTree;
import dev.slipway.ops.domain.TailFilter;
import dev.slipway.ops.domain.TracedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows topics without a consumer group (nothing is committed, no service's group is touched).
 */
public final class KafkaTail {

  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * When to stop following.
   *
   * @param max stop after this many events shown; 0 for never
   * @param untilIdle stop when nothing was read for this long; null for never
   */
  public record Stop(long max, Duration untilIdle) {}

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;

  public KafkaTail(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  /**
   * @param from the first record time to show; null to show only what arrives from now on
   * @return how many events were shown
   */
  public long follow(
      List<String> topics,
      Instant from,
      TailFilter filter,
      Stop stop,
      Consumer<TracedEvent> shown) {
    assign(topics, from);
    long count = 0;
    long lastRecord = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      List<TracedEvent> batch = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        batch.add(EventDecoder.decode(record));
      }
      if (!batch.isEmpty()) {
        lastRecord = System.nanoTime();
      }
      batch.sort(CausalTree.ORDER);
      for (TracedEvent event : batch) {
        if (filter.shows(event)) {
          shown.accept(event);
          count++;
          if (stop.max() > 0 && count >= stop.max()) {
            return count;
          }
        }
      }
      if (stop.untilIdle() != null
          && System.nanoTime() - lastRecord >= stop.untilIdle().toNanos()) {
        return count;
      }
    }
    return count;
  }

  private void assign(List<String> topics, Instant from) {
    TopicReader reader = new TopicReader(consumer);
    List<TopicPartition> partitions = reader.partitions(topics);
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("none of " + topics + " is on the cluster");
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> starts =
        from == null ? reader.ends(partitions) : reader.offsetsAt(partitions, from);
    starts.forEach(consumer::seek);
  }
}
