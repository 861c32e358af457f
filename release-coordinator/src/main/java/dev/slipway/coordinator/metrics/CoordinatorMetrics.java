package dev.slipway.coordinator.metrics;

import dev.slipway.coordinator.domain.LaneLoad;
import dev.slipway.coordinator.domain.ReleaseOutcome;
import dev.slipway.coordinator.kafka.TopologyListener;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.Topic;
import dev.slipway.platform.kafka.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The coordinator's own meters. Counters exist from the start at 0 for every tag value known then
 * (each input topic with each event type it carries, each outcome), so a dashboard panel shows 0
 * rather than no data.
 *
 * <p>Counted on the stream thread, when a record is processed: a transaction that aborts is
 * processed, and counted, again (see {@link TopologyListener}). Counting from the committed output
 * instead would need a consumer of the coordinator's own topic; an over-count after a failed stream
 * thread or a rebalance is rare and small, and the topics stay the exact record.
 */
public final class CoordinatorMetrics implements TopologyListener {

  static final String EVENTS_HANDLED = "slipway.events.handled";
  static final String EVENTS_DEAD_LETTERED = "slipway.events.dead.lettered";
  static final String RELEASES = "slipway.releases";

  private final MeterRegistry meters;
  private final Map<ReleaseOutcome, Counter> releases = new EnumMap<>(ReleaseOutcome.class);
  private final LaneGauges lanes;

  public CoordinatorMetrics(MeterRegistry meters, List<Topic<?>> inputs, Clock clock) {
    this.meters = meters;
    this.lanes = new LaneGauges(meters, clock);
    for (Topic<?> topic : inputs) {
      for (String type : EventTypes.carriedBy(topic)) {
        count(EVENTS_HANDLED, topic.name(), type, 0);
        count(EVENTS_DEAD_LETTERED, topic.name(), type, 0);
      }
      count(EVENTS_DEAD_LETTERED, topic.name(), EventTypes.UNKNOWN, 0);
    }
    for (ReleaseOutcome outcome : ReleaseOutcome.values()) {
      releases.put(
          outcome, meters.counter(RELEASES, "outcome", outcome.name().toLowerCase(Locale.ROOT)));
    }
  }

  /** The lane gauges read {@code store} from now on, and learn the datacenters in it. */
  public void readLanesFrom(Supplier<LaneLoad> store) {
    lanes.readFrom(store);
    lanes.refresh();
  }

  /** Reads the store again for datacenters it names, e.g. once Streams runs after a rebalance. */
  public void refreshLanes() {
    lanes.refresh();
  }

  @Override
  public void handled(String topic, String type) {
    count(EVENTS_HANDLED, topic, type, 1);
  }

  @Override
  public void deadLettered(String topic, String type) {
    count(EVENTS_DEAD_LETTERED, topic, type, 1);
  }

  @Override
  public void released(Object event) {
    ReleaseOutcome.of(event).map(releases::get).ifPresent(Counter::increment);
    if (event instanceof ReleaseAdmitted admitted) {
      lanes.track(admitted.datacenter());
    }
  }

  private void count(String name, String topic, String type, int count) {
    meters.counter(name, "topic", topic, "type", type).increment(count);
  }
}
