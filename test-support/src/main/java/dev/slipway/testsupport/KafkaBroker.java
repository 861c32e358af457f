package dev.slipway.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * The real Kafka broker tests run against, started once per JVM and shared by every test in it:
 *
 * <ol>
 *   <li>the one in {@code KAFKA_BOOTSTRAP_SERVERS} when set (a broker started outside the tests);
 *   <li>otherwise a single-node KRaft broker in this JVM (the default, and the fastest to start);
 *   <li>or, when {@code SLIPWAY_TEST_KAFKA=testcontainers}, a broker in a container that
 *       Testcontainers starts ({@link KafkaInContainer}), so the tests also run against Kafka as
 *       Kafka's own image ships it.
 * </ol>
 *
 * <p>{@link #separate()} is always in this JVM.
 */
public final class KafkaBroker {

  /**
   * A JVM-wide property, not a static field: Quarkus test profiles reload classes in a new class
   * loader, and a static would start a second broker.
   */
  private static final String ADDRESS_PROPERTY = "slipway.test.kafka.bootstrap-servers";

  /** Chooses the broker source; unset (or {@code in-jvm}) for the broker in this JVM. */
  private static final String SOURCE_VARIABLE = "SLIPWAY_TEST_KAFKA";

  /** What every test broker, in this JVM or in a container, is configured with beyond defaults. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "offsets.topic.replication.factor", "1",
          "offsets.topic.num.partitions", "3",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "transaction.state.log.num.partitions", "3",
          "group.initial.rebalance.delay.ms", "0",
          "message.max.bytes", String.valueOf(40 * 1024 * 1024),
          "socket.request.max.bytes", String.valueOf(200 * 1024 * 1024));

  private KafkaBroker() {}

  public static synchronized String bootstrapServers() {
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (external != null && !external.isBlank()) {
      return external;
    }
    String started = System.getProperty(ADDRESS_PROPERTY);
    if (started != null) {
      return started;
    }
    String address =
        switch (Objects.requireNonNullElse(System.getenv(SOURCE_VARIABLE), "in-jvm")) {
          case "in-jvm" -> startSharedInJvm();
          case "testcontainers" -> KafkaInContainer.start();
          default ->
              throw new IllegalStateException(
                  SOURCE_VARIABLE
                      + " must be in-jvm or testcontainers, not "
                      + System.getenv(SOURCE_VARIABLE));
        };
    System.setProperty(ADDRESS_PROPERTY, address);
    return address;
  }

  private static String startSharedInJvm() {
    KafkaClusterTestKit cluster = startInJvm();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> closeQuietly(cluster), "kafka-test-broker-stop"));
    return cluster.bootstrapServers();
  }

  /**
   * A broker of its own, for a test that needs one that has never held Slipway's topics; about 4 s
   * to start. Close it when done.
   */
  public static Separate separate() {
    return new Separate(startInJvm());
  }

  /** A broker started for one test. */
  public static final class Separate implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private Separate(KafkaClusterTestKit cluster) {
      this.cluster = cluster;
    }

    public String bootstrapServers() {
      return cluster.bootstrapServers();
    }

    @Override
    public void close() {
      closeQuietly(cluster);
    }
  }

  private static KafkaClusterTestKit startInJvm() {
    // At JVM exit the broker may still write a checkpoint into a folder being deleted, see its log
    // dir fail and halt the JVM with status 1, which fails a test run that passed. The broker's
    // data stays under target/ (mvn clean removes it) and Kafka may not end the test JVM.
    Exit.setHaltProcedure(
        (status, message) -> System.err.println("test broker asked to halt: " + message));
    Exit.setExitProcedure(
        (status, message) -> System.err.println("test broker asked to exit: " + message));
    try {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .setBaseDirectory(dataDirectory())
                      .build())
              .setDeleteOnClose(false);
      SETTINGS.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
    }
  }

  private static Path dataDirectory() throws IOException {
    Path target = Path.of("target");
    return Files.isDirectory(target)
        ? Files.createTempDirectory(target, "kafka-test-")
        : Files.createTempDirectory("kafka-test-");
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    try {
      cluster.close();
    } catch (Exception e) {
      System.err.println("stopping the test broker: " + e.getMessage());
    }
  }
}
