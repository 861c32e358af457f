package dev.slipway.reporter.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * How many writes GitHub may receive: for every limit, at most {@code count} writes in any window
 * of {@code window}. A sliding log of the last writes rather than a refilling bucket, because a
 * bucket allows a full burst right after a full minute (twice the limit within one minute), and
 * GitHub counts per sliding minute.
 */
public final class WriteBudget {

  /** At most {@code count} writes in any {@code window}. */
  public record Limit(int count, Duration window) {
    public Limit {
      if (count < 1) {
        throw new IllegalArgumentException(
            "a write limit must allow at least one write, got " + count);
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("a write limit needs a positive window, got " + window);
      }
    }
  }

  private List<Limit> limits;
  private int remembered;
  private final ArrayDeque<Instant> writes = new ArrayDeque<>();

  public WriteBudget(List<Limit> limits) {
    limitTo(limits);
  }

  /**
   * Applies other limits from now on (the organisations file changed); the writes already made
   * count against them.
   */
  public void limitTo(List<Limit> limits) {
    this.limits = List.copyOf(limits);
    this.remembered = limits.stream().mapToInt(Limit::count).max().orElse(0);
  }

  /** GitHub's documented limits for content-creating requests: 80 a minute, 500 an hour. */
  public static WriteBudget perMinuteAndHour(int perMinute, int perHour) {
    return new WriteBudget(minuteAndHour(perMinute, perHour));
  }

  /** At most {@code perMinute} writes in any minute and {@code perHour} in any hour. */
  public static List<Limit> minuteAndHour(int perMinute, int perHour) {
    return List.of(
        new Limit(perMinute, Duration.ofMinutes(1)), new Limit(perHour, Duration.ofHours(1)));
  }

  /**
   * The earliest instant, not before {@code now}, at which one more write stays within every limit.
   */
  public Instant nextWriteAt(Instant now) {
    Instant next = now;
    for (Limit limit : limits) {
      if (writes.size() >= limit.count()) {
        Instant oldestCounted = nthNewest(limit.count());
        Instant free = oldestCounted.plus(limit.window());
        if (free.isAfter(next)) {
          next = free;
        }
      }
    }
    return next;
  }

  /** How many more writes every limit allows at {@code now}: the least any one of them allows. */
  public int remaining(Instant now) {
    int remaining = Integer.MAX_VALUE;
    for (Limit limit : limits) {
      remaining = Math.min(remaining, limit.count() - countedWithin(limit, now));
    }
    return Math.max(remaining, 0);
  }

  /** Counts a request sent to GitHub at {@code at} (instants must not go backwards). */
  public void record(Instant at) {
    writes.addLast(at);
    while (writes.size() > remembered) {
      writes.removeFirst();
    }
  }

  /** Writes still counted by {@code limit} at {@code now}: those less than its window ago. */
  private int countedWithin(Limit limit, Instant now) {
    Instant windowStart = now.minus(limit.window());
    int counted = 0;
    Iterator<Instant> newestFirst = writes.descendingIterator();
    while (counted < limit.count()
        && newestFirst.hasNext()
        && newestFirst.next().isAfter(windowStart)) {
      counted++;
    }
    return counted;
  }

  private Instant nthNewest(int n) {
    Iterator<Instant> newestFirst = writes.descendingIterator();
    Instant instant = null;
    for (int i = 0; i < n; i++) {
      instant = newestFirst.next();
    }
    return instant;
  }
}
