package dev.slipway.coordinator.kafka;

import dev.slipway.platform.runtime.KafkaSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Kafka client settings Quarkus gives Kafka Streams (and its Kafka health check): the broker
 * list and {@code slipway.kafka.client.*} (TLS, SASL), as every other service's clients get them
 * from the platform's {@code KafkaClientFactory}. It replaces the Quarkus default, which reads only
 * {@code kafka.*}; a {@code kafka-streams.*} property still wins over it.
 */
@ApplicationScoped
class StreamsClientConfig {

  /** The identifier under which Quarkus' Kafka extensions look the client configuration up. */
  static final String DEFAULT_KAFKA_BROKER = "default-kafka-broker";

  @Produces
  @Singleton
  @Identifier(DEFAULT_KAFKA_BROKER)
  Map<String, Object> clientConfig(
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
          String bootstrapServers,
      KafkaSettings settings) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.putAll(settings.client());
    return config;
  }
}
