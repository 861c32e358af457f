package dev.slipway.ops.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code trace} found for one delivery.
 *
 * @param deliveryTime when the delivery's webhook event was produced ({@code ce_time})
 * @param windowFrom the earliest record timestamp read on every topic
 * @param windowTo the latest record timestamp read on every topic (the bounded look-ahead)
 * @param scanned records read to find the delivery's events
 * @param elapsed how long reading took
 */
public record Trace(
    String delivery,
    Instant deliveryTime,
    List<TraceNode> roots,
    List<ChainStop> stops,
    Instant windowFrom,
    Instant windowTo,
    long scanned,
    Duration elapsed) {

  public Trace {
    roots = List.copyOf(roots);
    stops = List.copyOf(stops);
  }

  public int eventCount() {
    return CausalTree.flatten(roots).size();
  }
}
