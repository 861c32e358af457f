package dev.slipway.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The service's own {@code application.properties} with a given environment: the Kafka Streams
 * properties Quarkus hands to Streams ({@code kafka-streams.*}) follow the variables that {@code
 * ./slipway up} and the Kubernetes manifests set.
 */
class StreamsSettingsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          nothing set            |                                             |                                    | release-coordinator-state          | 1
          ./slipway up           | KAFKA_STREAMS_STATE_DIR                     | /stack/release-coordinator/streams | /stack/release-coordinator/streams | 1
          the service's own name | SLIPWAY_RELEASE_STATE_DIR                   | /var/lib/streams                   | /var/lib/streams                   | 1
          Kubernetes             | SLIPWAY_RELEASE_INTERNAL_REPLICATION_FACTOR | 3                                  | release-coordinator-state          | 3
          Streams' own name      | KAFKA_STREAMS_REPLICATION_FACTOR            | 3                                  | release-coordinator-state          | 3
          """)
  void theEnvironmentReachesKafkaStreams(
      String where, String variable, String value, String stateDir, String replication)
      throws IOException {
    Map<String, String> environment = variable == null ? Map.of() : Map.of(variable, value);
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .withSources(
                new PropertiesConfigSource(
                    StreamsSettingsTest.class.getResource("/application.properties"), 250))
            .withSources(new EnvConfigSource(environment, 300))
            .build();

    assertThat(config.getValue("kafka-streams.state.dir", String.class))
        .as(where)
        .isEqualTo(stateDir);
    assertThat(config.getValue("kafka-streams.replication.factor", String.class))
        .as(where)
        .isEqualTo(replication);
  }
}
