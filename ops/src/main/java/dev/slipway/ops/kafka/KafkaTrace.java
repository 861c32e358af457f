package dev.slipway.ops.kafka;

import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.ops.config.OpsSettings;
import dev.slipway.ops.domain.CausalTree;
import dev.slipway.ops.domain.ChainStops;
import dev.slipway.ops.domain.Replays;
import dev.slipway.ops.domain.Trace;
import dev.slipway.ops.domain.TraceNode;
import dev.slipway.ops.domain.TracedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Collects a delivery's events from every topic. First it finds the delivery's webhook event (its
 * {@code ce_time}), then reads every topic from that time minus the look-back to that time plus the
 * look-ahead, decoding only the records whose {@code ce_correlationid} header is the delivery.
 */
public final class KafkaTrace {

  /**
   * How far to read around a delivery, and when a missing event counts as stopped rather than late.
   */
  public record Window(
      Duration lookBack,
      Duration lookAhead,
      Duration searchBack,
      Duration searchStep,
      Duration stallAfter) {

    public static Window of(OpsSettings settings) {
      return new Window(
          settings.lookBack(),
          settings.lookAhead(),
          settings.searchBack(),
          settings.searchStep(),
          settings.stallAfter());
    }
  }

  private final Consumer<byte[], byte[]> consumer;
  private final Window window;
  private final Clock clock;

  public KafkaTrace(Consumer<byte[], byte[]> consumer, Window window, Clock clock) {
    this.consumer = consumer;
    this.window = window;
    this.clock = clock;
  }

  /**
   * @param at when the delivery arrived, if the operator knows; else it is searched for on the
   *     webhook topic, newest first, in steps that double from the search step, back to the
   *     search-back setting
   * @throws DeliveryNotFoundException when the delivery's webhook event is not on the topic
   */
  public Trace trace(String delivery, Optional<Instant> at) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    byte[] correlation = delivery.getBytes(StandardCharsets.UTF_8);
    TopicReader reader = new TopicReader(consumer);
    long[] scanned = {0};
    Instant deliveryTime = at.orElseGet(() -> find(reader, correlation, now, scanned));
    Instant from = deliveryTime.minus(window.lookBack());
    Instant to = deliveryTime.plus(window.lookAhead());
    List<TracedEvent> events = new ArrayList<>();
    List<String> topics = Topics.ALL.stream().map(Topic::name).toList();
    scanned[0] +=
        reader.read(
            topics,
            from,
            to,
            record -> {
              if (correlates(record, correlation)) {
                events.add(EventDecoder.decode(record));
              }
            });
    List<TraceNode> roots = CausalTree.build(events);
    Instant horizon = now.isBefore(to) ? now : to;
    return new Trace(
        delivery,
        deliveryTime,
        roots,
        new ChainStops(window.stallAfter()).find(roots, horizon),
        from,
        to,
        scanned[0],
        Duration.ofNanos(System.nanoTime() - started));
  }

  private Instant find(TopicReader reader, byte[] correlation, Instant now, long[] scanned) {
    Instant limit = now.minus(window.searchBack());
    List<TopicPartition> partitions = reader.partitions(List.of(Topics.WEBHOOK.name()));
    // Steps back from now; a step's start offsets are the next older step's stop offsets.
    Map<TopicPartition, Long> ends = reader.ends(partitions);
    Map<TopicPartition, Long> beginnings = reader.beginnings(partitions);
    Map<TopicPartition, Long> stops = ends;
    Duration step = window.searchStep();
    // Each step back is twice the one before: a recent delivery is found in the first small step,
    // an old one in a few steps, at most about twice the webhooks since it read.
    for (Instant end = now;
        end.isAfter(limit);
        end = end.minus(step), step = step.multipliedBy(2)) {
      Instant start = end.minus(step);
      Map<TopicPartition, Long> starts =
          reader.offsetsAt(partitions, start.isBefore(limit) ? limit : start, ends);
      List<TracedEvent> found = new ArrayList<>();
      scanned[0] +=
          reader.read(
              starts,
              stops,
              record -> {
                if (correlates(record, correlation)) {
                  found.add(EventDecoder.decode(record));
                }
              });
      Optional<Instant> first =
          found.stream().map(TracedEvent::time).min(Comparator.naturalOrder());
      if (first.isPresent()) {
        return first.get();
      }
      if (starts.equals(beginnings)) {
        break;
      }
      stops = starts;
    }
    throw new DeliveryNotFoundException(
        "delivery "
            + new String(correlation, StandardCharsets.UTF_8)
            + " is not on "
            + Topics.WEBHOOK.name()
            + " in the last "
            + window.searchBack().toHours()
            + " h (slipway.ops.trace.search-back) nor since the topic's"
            + " oldest record; give its time with --at");
  }

  private static boolean correlates(ConsumerRecord<byte[], byte[]> record, byte[] correlation) {
    Header header = record.headers().lastHeader(Replays.CORRELATION_ID);
    return header != null && Arrays.equals(header.value(), correlation);
  }
}
