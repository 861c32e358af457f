package dev.slipway.reporter.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Checks a budget from the outside: how many writes fell into the busiest window. */
public final class SlidingWindows {

  private SlidingWindows() {}

  /**
   * The most of {@code writes} (in time order) in any window [t, t + window) starting at a write.
   */
  public static int maxInAnyWindow(List<Instant> writes, Duration window) {
    int max = 0;
    int end = 0;
    for (int start = 0; start < writes.size(); start++) {
      Instant limit = writes.get(start).plus(window);
      while (end < writes.size() && writes.get(end).isBefore(limit)) {
        end++;
      }
      max = Math.max(max, end - start);
    }
    return max;
  }
}
