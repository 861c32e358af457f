package dev.slipway.platform.backoff;

import java.time.Duration;

/**
 * How long to wait before trying again: {@code first} after the first failure, doubling after each
 * further one, never more than {@code max}. The one back-off of the platform's retries (the
 * consumer loop's parked keys, restarted workers, publishes retried in place, the reporter's pauses
 * while GitHub is down).
 */
public record Backoff(Duration first, Duration max) {

  public Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "a back-off needs 0 < first <= max, was first=" + first + " max=" + max);
    }
  }

  /** The wait after {@code failures} failures in a row (1 for the first). */
  public Duration after(int failures) {
    Duration wait = first;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
