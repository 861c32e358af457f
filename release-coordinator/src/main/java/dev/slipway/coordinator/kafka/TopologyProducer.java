package dev.slipway.coordinator.kafka;

import dev.slipway.coordinator.config.ReleaseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Hands the coordinator's topology to the Quarkus Kafka Streams extension, which runs it. */
@ApplicationScoped
class TopologyProducer {

  @Produces
  Topology topology(
      ReleaseSettings settings,
      @ConfigProperty(name = "quarkus.application.name") String application,
      TopologyListener metrics) {
    return CoordinatorTopology.build(
        new CoordinatorConfig(
            "/slipway/" + application, settings.rules(), settings.timeoutCheckInterval(), metrics));
  }
}
