package dev.slipway.coordinator.kafka;

import dev.slipway.coordinator.domain.CoordinatorRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The coordinator's topology run by plain Kafka Streams with exactly-once, as the service runs it
 * but without Quarkus: tests start it as a process of its own so that they can kill it.
 *
 * <p>Arguments: bootstrap servers, application id, state directory, step timeout (ISO-8601).
 */
public final class StandaloneCoordinator {

  private StandaloneCoordinator() {}

  public static KafkaStreams start(
      String bootstrapServers, String applicationId, Path stateDir, Duration stepTimeout) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    // A killed instance leaves the group only when its session expires: keep that short here.
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1500);
    CoordinatorConfig config =
        new CoordinatorConfig(
            sourceOf(applicationId),
            new CoordinatorRules(stepTimeout, 200, 10),
            Duration.ofSeconds(1));
    KafkaStreams streams = new KafkaStreams(CoordinatorTopology.build(config), properties);
    streams.start();
    return streams;
  }

  /**
   * Events carry the application id as their source, so a test tells this instance's decisions from
   * others'.
   */
  public static String sourceOf(String applicationId) {
    return "/slipway/" + applicationId;
  }

  public static void main(String[] args) throws InterruptedException {
    KafkaStreams streams = start(args[0], args[1], Path.of(args[2]), Duration.parse(args[3]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  streams.close(Duration.ofSeconds(10));
                  stopped.countDown();
                }));
    stopped.await();
  }
}
