package dev.slipway.testsupport;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The test broker as a container that Testcontainers starts ({@code SLIPWAY_TEST_KAFKA=
 * testcontainers}), through whatever Docker API Testcontainers finds ({@code DOCKER_HOST}; {@code
 * ./slipway test} points it at podman's). Stopped when the JVM ends.
 *
 * <ul>
 *   <li>{@code SLIPWAY_TEST_KAFKA_IMAGE}: the image, default {@code apache/kafka} of the Kafka
 *       clients' version. Any other image must behave as that one does (Testcontainers' {@link
 *       KafkaContainer} drives it by its entry point and its {@code KAFKA_*} variables).
 *   <li>{@code SLIPWAY_TEST_KAFKA_NETWORK}: the container's network mode, default the engine's
 *       (Docker's {@code bridge}).
 * </ul>
 */
final class KafkaInContainer {

  private KafkaInContainer() {}

  static String start() {
    DockerImageName image =
        DockerImageName.parse(
                Objects.requireNonNullElse(
                    System.getenv("SLIPWAY_TEST_KAFKA_IMAGE"),
                    "apache/kafka:" + AppInfoParser.getVersion()))
            .asCompatibleSubstituteFor("apache/kafka");
    // Testcontainers waits one minute by default; on a shared machine under load a broker in a
    // container took 50 s to start (load average 30 on two cores).
    KafkaContainer kafka = new KafkaContainer(image).withStartupTimeout(Duration.ofMinutes(3));
    KafkaBroker.SETTINGS.forEach((name, value) -> kafka.withEnv(variable(name), value));
    Optional.ofNullable(System.getenv("SLIPWAY_TEST_KAFKA_NETWORK"))
        .ifPresent(kafka::withNetworkMode);
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-test-container-stop"));
    return kafka.getBootstrapServers();
  }

  /**
   * A broker setting as the image's variable: {@code message.max.bytes} → KAFKA_MESSAGE_MAX_BYTES.
   */
  private static String variable(String setting) {
    return "KAFKA_" + setting.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
