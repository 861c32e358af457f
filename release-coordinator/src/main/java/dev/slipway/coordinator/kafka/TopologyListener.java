package dev.slipway.coordinator.kafka;

import dev.slipway.coordinator.domain.ReleaseOutcome;

/**
 * Observes the topology, e.g. for metrics; called on the stream thread, so it must not block.
 *
 * <p>Calls happen when a record is processed, before its transaction commits: a transaction that
 * aborts (a stream thread that failed, fenced after a rebalance) is processed again and reported
 * again. Exactly-once holds for the store and the topics, not for what a listener saw.
 */
public interface TopologyListener {

  TopologyListener NONE = new TopologyListener() {};

  /**
   * A record of {@code topic} was processed, whatever the coordinator made of it.
   *
   * @param type the simple name of its event class
   */
  default void handled(String topic, String type) {}

  /**
   * A record of {@code topic} went to {@code slipway.dead-letter}: it could not be read ({@code
   * type} is {@code unknown}) or its event is defective.
   */
  default void deadLettered(String topic, String type) {}

  /**
   * A release moved: {@code event} is one the topology emits on {@code slipway.release}, or a
   * {@code ReleaseSkipped} it read (the compiler's decision, which the coordinator otherwise
   * ignores). {@link ReleaseOutcome#of} names the move.
   */
  default void released(Object event) {}
}
