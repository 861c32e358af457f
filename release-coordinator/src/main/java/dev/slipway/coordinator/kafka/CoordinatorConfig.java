package dev.slipway.coordinator.kafka;

import dev.slipway.coordinator.domain.CoordinatorRules;
import java.time.Duration;

/**
 * What the topology needs to be built.
 *
 * @param source the CloudEvents source of the events it produces, e.g. {@code
 *     /slipway/release-coordinator}
 * @param timeoutCheckInterval how often (wall-clock) in-flight releases are checked against their
 *     deadline
 * @param listener told what the topology processed and decided
 */
public record CoordinatorConfig(
    String source,
    CoordinatorRules rules,
    Duration timeoutCheckInterval,
    TopologyListener listener) {

  public CoordinatorConfig(String source, CoordinatorRules rules, Duration timeoutCheckInterval) {
    this(source, rules, timeoutCheckInterval, TopologyListener.NONE);
  }
}
