package dev.slipway.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a benchmark measured: each stage's durations in milliseconds, in the order the stages were
 * first added, printed as percentiles.
 */
final class Stages {

  /** Round {@code index} of a benchmark, adding what it measured to {@code stages}. */
  @FunctionalInterface
  interface Round {
    void run(int index, Stages stages) throws InterruptedException;
  }

  private final Map<String, List<Long>> millis = new LinkedHashMap<>();
  private final Set<String> printed = new HashSet<>();

  /**
   * Runs {@code warmUp} rounds and then {@code measured} ones, one after another. The warm-up
   * rounds fill caches and open connections; what they measure is not kept.
   *
   * @return the measured rounds' stages
   */
  static Stages measure(int warmUp, int measured, Round round) throws InterruptedException {
    Stages kept = new Stages();
    for (int index = 0; index < warmUp + measured; index++) {
      round.run(index, index < warmUp ? new Stages() : kept);
    }
    return kept;
  }

  void add(String stage, Instant from, Instant to) {
    millis
        .computeIfAbsent(stage, name -> new ArrayList<>())
        .add(Duration.between(from, to).toMillis());
  }

  /** Prints these stages, in this order. */
  void print(String... stages) {
    for (String stage : stages) {
      Percentiles.print(stage, millis.get(stage));
      printed.add(stage);
    }
  }

  /** Prints the stages not printed yet, in the order they were first added, up to {@code last}. */
  void printThrough(String last) {
    for (String stage : millis.keySet()) {
      if (printed.add(stage)) {
        Percentiles.print(stage, millis.get(stage));
      }
      if (stage.equals(last)) {
        return;
      }
    }
  }

  /** Prints every stage not printed yet, in the order they were first added. */
  void printRest() {
    millis.forEach(
        (stage, values) -> {
          if (printed.add(stage)) {
            Percentiles.print(stage, values);
          }
        });
  }
}
