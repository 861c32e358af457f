package dev.slipway.ops.domain;

import java.time.Duration;
import java.util.List;

/**
 * An event in a delivery's causal tree.
 *
 * @param delay from its cause's time to its own; null for a root
 * @param children the events it caused, earliest first
 * @param missingCause the cause id it names when that event is not in the trace, else null
 */
public record TraceNode(
    TracedEvent event, Duration delay, List<TraceNode> children, String missingCause) {

  public TraceNode {
    children = List.copyOf(children);
  }
}
