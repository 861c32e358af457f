package dev.slipway.coordinator.metrics;

import dev.slipway.coordinator.domain.LaneLoad;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code slipway.release.lane.occupied} and {@code slipway.release.waiting} per datacenter, read
 * from the state store itself rather than tallied from events, so they are right after a restart, a
 * rebalance or an aborted transaction. A scrape reads the whole store at most once per {@link
 * #CACHED_FOR}; while the store cannot be read (Streams starting, restoring, rebalancing) the last
 * values read stay.
 *
 * <p>A datacenter gets its two gauges once the coordinator learns it: from every read of the store
 * (on a scrape, and by {@link #refresh} once Streams runs), and from every admission. A gauge
 * registered during a scrape shows from the next one.
 */
final class LaneGauges {

  static final String OCCUPIED = "slipway.release.lane.occupied";
  static final String WAITING = "slipway.release.waiting";

  /** How long one read of the store serves scrapes: every gauge of a scrape reads the same. */
  static final Duration CACHED_FOR = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(LaneGauges.class);

  private final MeterRegistry meters;
  private final Clock clock;
  private final Set<String> tracked = ConcurrentHashMap.newKeySet();

  private Supplier<LaneLoad> store = () -> LaneLoad.NONE;
  private LaneLoad load = LaneLoad.NONE;
  private Instant readAt = Instant.MIN;

  LaneGauges(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
  }

  /** Where the load is read from, once the store exists. */
  synchronized void readFrom(Supplier<LaneLoad> store) {
    this.store = store;
    this.readAt = Instant.MIN;
  }

  /** Reads the store now, which gives every datacenter in it its gauges. */
  synchronized void refresh() {
    readAt = Instant.MIN;
    load();
  }

  /** Gives {@code datacenter} its gauges, if it has none yet. */
  void track(String datacenter) {
    if (datacenter != null && tracked.add(datacenter)) {
      Gauge.builder(OCCUPIED, this, gauges -> gauges.load().inFlight(datacenter))
          .tag("datacenter", datacenter)
          .description("releases in flight in the datacenter's lanes")
          .register(meters);
      Gauge.builder(WAITING, this, gauges -> gauges.load().waiting(datacenter))
          .tag("datacenter", datacenter)
          .description("releases waiting for a lane of the datacenter")
          .register(meters);
    }
  }

  private synchronized LaneLoad load() {
    Instant now = clock.instant();
    if (readAt.plus(CACHED_FOR).isAfter(now)) {
      return load;
    }
    try {
      load = store.get();
      readAt = now;
      load.datacenters().forEach(this::track);
    } catch (InvalidStateStoreException e) {
      LOG.debug(
          "lane gauges keep their last values: the store is not queryable: {}", e.getMessage());
    }
    return load;
  }
}
