package dev.slipway.coordinator.metrics;

import dev.slipway.coordinator.domain.LaneLoad;
import dev.slipway.coordinator.domain.RepositoryReleases;
import dev.slipway.coordinator.kafka.CoordinatorTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the coordinator's meters to Quarkus: the topology reports to {@link CoordinatorMetrics},
 * whose lane gauges read the state store through interactive queries, and Micrometer's {@link
 * KafkaStreamsMetrics} reads the Kafka Streams client, tagged {@code group} = the application id
 * (Quarkus' own binder is off in {@code application.properties}: it binds the same meters without
 * that tag).
 */
@Singleton
class MetricsBeans {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsBeans.class);

  private final CoordinatorMetrics metrics;
  private KafkaStreamsMetrics streamsMetrics;

  MetricsBeans(MeterRegistry meters) {
    this.metrics = new CoordinatorMetrics(meters, CoordinatorTopology.INPUTS, Clock.systemUTC());
  }

  @Produces
  @Singleton
  CoordinatorMetrics coordinatorMetrics() {
    return metrics;
  }

  /**
   * Once the store is running (after the start, and after every rebalance), the datacenters it
   * names get their lane gauges. Read off the stream thread that changed the state, which a read of
   * the whole store would hold up.
   */
  @Produces
  @Singleton
  KafkaStreams.StateListener laneDiscovery() {
    return (newState, oldState) -> {
      if (newState == KafkaStreams.State.RUNNING) {
        CompletableFuture.runAsync(metrics::refreshLanes)
            .whenComplete(
                (ignored, failure) -> {
                  if (failure != null) {
                    LOG.warn("could not read the release store for the lane gauges", failure);
                  }
                });
      }
    };
  }

  /** Quarkus fires this when it has made the Kafka Streams client, before starting it. */
  synchronized void bind(
      @Observes KafkaStreams streams,
      MeterRegistry meters,
      @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId) {
    metrics.readLanesFrom(() -> laneLoad(streams));
    streamsMetrics = new KafkaStreamsMetrics(streams, Tags.of("group", applicationId));
    streamsMetrics.bindTo(meters);
  }

  synchronized void close(@Observes ShutdownEvent event) {
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
  }

  private static LaneLoad laneLoad(KafkaStreams streams) {
    List<RepositoryReleases> entries = new ArrayList<>();
    try (KeyValueIterator<String, RepositoryReleases> all =
        CoordinatorTopology.queryableStore(streams).all()) {
      all.forEachRemaining(entry -> entries.add(entry.value));
    }
    return LaneLoad.of(entries);
  }
}
