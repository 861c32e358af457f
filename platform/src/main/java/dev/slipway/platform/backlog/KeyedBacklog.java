package dev.slipway.platform.backlog;

import dev.slipway.platform.backoff.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The records a consumer has read but not yet handled, queued per key. Each key's records are
 * handled in their order, one at a time; different keys take turns, one record each. A key whose
 * record failed is parked with a back-off that doubles up to a maximum: its later records wait
 * behind the failed one, while every other key of the same partition goes on. So one repository
 * whose events keep failing, or that has a thousand events queued, delays another repository by at
 * most one try of its own per turn, never by its retries.
 *
 * <p>Offsets are committed only up to a partition's oldest record still queued: a record is handed
 * over again after a restart until it was handled, and every record after it is too (at least
 * once).
 *
 * @param <P> a partition
 * @param <R> a record
 */
public final class KeyedBacklog<P, R> {

  /** A key's oldest queued record, whose turn it is. */
  public record Head<P, R>(P partition, String key, long offset, R record, int failures) {}

  private record Lane<P>(P partition, String key) {}

  private record Queued<R>(long offset, R record) {}

  private static final class Queue<R> {
    private final ArrayDeque<Queued<R>> records = new ArrayDeque<>();
    private int failures;
    private Instant retryAt = Instant.MIN;
  }

  private final Clock clock;
  private final Backoff backoff;
  private final Map<Lane<P>, Queue<R>> queues = new LinkedHashMap<>();
  private final Map<P, Integer> queuedPerPartition = new LinkedHashMap<>();

  public KeyedBacklog(Clock clock, Duration firstBackoff, Duration maxBackoff) {
    this.clock = clock;
    this.backoff = new Backoff(firstBackoff, maxBackoff);
  }

  /**
   * Queues a record behind the earlier ones of its key; records of a partition arrive in offset
   * order.
   */
  public void add(P partition, String key, long offset, R record) {
    queues
        .computeIfAbsent(new Lane<>(partition, key), lane -> new Queue<>())
        .records
        .add(new Queued<>(offset, record));
    queuedPerPartition.merge(partition, 1, Integer::sum);
  }

  /**
   * One head per key whose turn it is now (not parked, or its back-off is over), in arrival order.
   */
  public List<Head<P, R>> due() {
    Instant now = clock.instant();
    List<Head<P, R>> due = new ArrayList<>();
    queues.forEach(
        (lane, queue) -> {
          if (!queue.retryAt.isAfter(now)) {
            Queued<R> head = queue.records.peek();
            due.add(
                new Head<>(
                    lane.partition(), lane.key(), head.offset(), head.record(), queue.failures));
          }
        });
    return due;
  }

  /** The head was handled (or given up on): the key's next record is due at once. */
  public void done(Head<P, R> head) {
    Lane<P> lane = new Lane<>(head.partition(), head.key());
    Queue<R> queue = queues.get(lane);
    if (queue == null
        || queue.records.isEmpty()
        || queue.records.peek().offset() != head.offset()) {
      return;
    }
    queue.records.poll();
    queue.failures = 0;
    queue.retryAt = Instant.MIN;
    queuedPerPartition.merge(head.partition(), -1, Integer::sum);
    // A key with nothing queued goes; it comes back at the end of the turns with its next record.
    if (queue.records.isEmpty()) {
      queues.remove(lane);
    }
  }

  /**
   * The head failed and is to be tried again: its key is parked for a back-off, its later records
   * wait behind it.
   *
   * @return how long the key is parked
   */
  public Duration failed(Head<P, R> head) {
    Queue<R> queue = queues.get(new Lane<>(head.partition(), head.key()));
    if (queue == null) {
      return Duration.ZERO;
    }
    queue.failures++;
    Duration backoff = this.backoff.after(queue.failures);
    queue.retryAt = clock.instant().plus(backoff);
    return backoff;
  }

  /** How long until some key is due: zero when one is now, empty when nothing is queued. */
  public Optional<Duration> untilNextDue() {
    Instant now = clock.instant();
    return queues.values().stream()
        .map(
            queue ->
                queue.retryAt.isAfter(now) ? Duration.between(now, queue.retryAt) : Duration.ZERO)
        .min(Comparator.naturalOrder());
  }

  /** The partition's oldest queued offset: the most a consumer may commit for it. */
  public OptionalLong oldestQueued(P partition) {
    return queues.entrySet().stream()
        .filter(entry -> entry.getKey().partition().equals(partition))
        .mapToLong(entry -> entry.getValue().records.peek().offset())
        .min();
  }

  /** Whether no record waits to be handled. */
  public boolean isEmpty() {
    return queues.isEmpty();
  }

  /** Records of the partition that wait to be handled. */
  public int queued(P partition) {
    return queuedPerPartition.getOrDefault(partition, 0);
  }

  /** Parked keys, with the number of their failures, e.g. for a log line or a gauge. */
  public Map<String, Integer> parked() {
    Instant now = clock.instant();
    Map<String, Integer> parked = new LinkedHashMap<>();
    queues.forEach(
        (lane, queue) -> {
          if (queue.retryAt.isAfter(now)) {
            parked.put(lane.key(), queue.failures);
          }
        });
    return parked;
  }

  /**
   * Forgets the partition's records, e.g. when it went to another consumer, which reads them again.
   */
  public void drop(P partition) {
    for (Iterator<Lane<P>> lanes = queues.keySet().iterator(); lanes.hasNext(); ) {
      if (lanes.next().partition().equals(partition)) {
        lanes.remove();
      }
    }
    queuedPerPartition.remove(partition);
  }
}
