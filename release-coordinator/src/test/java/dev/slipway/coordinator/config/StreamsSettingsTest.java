package dev.slipway.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service's own {@code application.properties} with a given environment: the Kafka Streams
 * properties Quarkus hands to Streams ({@code kafka-streams.*}) follow the variables that {@code
 * ./slipway up} and the Kubernetes manifests set.
 */
class StreamsSettingsTest {

  static Stream<Arguments> environments() {
    return Stream.of(
        Arguments.of("nothing set", Map.of(), "release-coordinator-state", "1"),
        Arguments.of(
            "./slipway up",
            Map.of("KAFKA_STREAMS_STATE_DIR", "/stack/release-coordinator/streams"),
            "/stack/release-coordinator/streams",
            "1"),
        Arguments.of(
            "the service's own name",
            Map.of("SLIPWAY_RELEASE_STATE_DIR", "/var/lib/streams"),
            "/var/lib/streams",
            "1"),
        Arguments.of(
            "Kubernetes",
            Map.of("SLIPWAY_RELEASE_INTERNAL_REPLICATION_FACTOR", "3"),
            "release-coordinator-state",
            "3"),
        Arguments.of(
            "Streams' own name",
            Map.of("KAFKA_STREAMS_REPLICATION_FACTOR", "3"),
            "release-coordinator-state",
            "3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("environments")
  void theEnvironmentReachesKafkaStreams(
      String where, Map<String, String> environment, String stateDir, String replication)
      throws IOException {
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
