package dev.slipway.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How the benchmarks print what they measured: one line per measure, in milliseconds. */
final class Percentiles {

  private Percentiles() {}

  static void print(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf(
        "%-34s p50 %5d ms   p95 %5d ms   p99 %5d ms   max %5d ms%n",
        what,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted.get(sorted.size() - 1));
  }

  private static long percentile(List<Long> sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
