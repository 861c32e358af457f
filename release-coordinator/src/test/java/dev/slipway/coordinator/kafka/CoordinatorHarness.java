package dev.slipway.coordinator.kafka;

import dev.slipway.coordinator.domain.CoordinatorRules;
import dev.slipway.coordinator.domain.RepositoryReleases;
import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.DeadLetterEvent;
import dev.slipway.events.DeployedEvent;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.TopicSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The coordinator's topology in a {@link TopologyTestDriver}, fed and read through the typed
 * topics.
 */
final class CoordinatorHarness implements AutoCloseable {

  static final String SOURCE = "/slipway/release-coordinator";
  static final Instant START = Instant.parse("2025-05-01T12:00:00Z");
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, Envelope<TaskSpecEvent>> taskSpec;
  private final TestInputTopic<String, Envelope<BuildJobEvent>> buildJob;
  private final TestInputTopic<String, Envelope<DeployedEvent>> deployed;
  private final TestInputTopic<String, byte[]> rawTaskSpec;
  private final TestOutputTopic<String, Envelope<ReleaseEvent>> release;
  private final TestOutputTopic<String, Envelope<DeadLetterEvent>> deadLetter;

  CoordinatorHarness(Duration stepTimeout) {
    this(stepTimeout, TopologyListener.NONE);
  }

  CoordinatorHarness(Duration stepTimeout, TopologyListener listener) {
    CoordinatorConfig config =
        new CoordinatorConfig(
            SOURCE, new CoordinatorRules(stepTimeout, 200, 10), CHECK_INTERVAL, listener);
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "release-coordinator-test");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, temporaryDirectory());
    driver = new TopologyTestDriver(CoordinatorTopology.build(config), properties, START);
    taskSpec = input(Topics.TASK_SPEC);
    buildJob = input(Topics.BUILD_JOB);
    deployed = input(Topics.DEPLOYED);
    rawTaskSpec =
        driver.createInputTopic(
            Topics.TASK_SPEC.name(), new StringSerializer(), new ByteArraySerializer());
    release = output(Topics.RELEASE);
    deadLetter = output(Topics.DEAD_LETTER);
  }

  /** Publishes {@code data} as the first event of the webhook delivery {@code deliveryId}. */
  Envelope<TaskSpecEvent> publish(TaskSpecEvent data, String repository, String deliveryId) {
    Envelope<TaskSpecEvent> envelope =
        Envelope.first("/slipway/task-compiler", repository, deliveryId, now(), data);
    republishRequest(envelope);
    return envelope;
  }

  void republishRequest(Envelope<TaskSpecEvent> envelope) {
    taskSpec.pipeInput(new TestRecord<>(envelope.key(), envelope));
  }

  Envelope<BuildJobEvent> publish(BuildJobEvent data, String repository) {
    Envelope<BuildJobEvent> envelope =
        Envelope.first("/slipway/build-runner", repository, "delivery-build", now(), data);
    buildJob.pipeInput(new TestRecord<>(envelope.key(), envelope));
    return envelope;
  }

  Envelope<DeployedEvent> publish(DeployedEvent data, String repository) {
    Envelope<DeployedEvent> envelope =
        Envelope.first("/slipway/deployer", repository, "delivery-deploy", now(), data);
    republishOutcome(envelope);
    return envelope;
  }

  void republishOutcome(Envelope<DeployedEvent> envelope) {
    deployed.pipeInput(new TestRecord<>(envelope.key(), envelope));
  }

  void publishRaw(String key, byte[] value) {
    rawTaskSpec.pipeInput(key, value);
  }

  /** Every entry of the state store, as the lane gauges read it. */
  List<RepositoryReleases> stored() {
    List<RepositoryReleases> entries = new ArrayList<>();
    KeyValueStore<String, RepositoryReleases> store =
        driver.getKeyValueStore(CoordinatorTopology.STORE);
    try (KeyValueIterator<String, RepositoryReleases> all = store.all()) {
      all.forEachRemaining(entry -> entries.add(entry.value));
    }
    return entries;
  }

  void advance(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  /** Everything the coordinator published since the last call. */
  List<Envelope<ReleaseEvent>> released() {
    return release.readValuesToList();
  }

  List<Envelope<DeadLetterEvent>> deadLettered() {
    return deadLetter.readValuesToList();
  }

  boolean nothingElsePublished() {
    return release.isEmpty() && deadLetter.isEmpty();
  }

  private Instant now() {
    return START;
  }

  private <E> TestInputTopic<String, Envelope<E>> input(Topic<E> topic) {
    return driver.createInputTopic(
        topic.name(),
        TopicSerdes.keySerde(topic).serializer(),
        TopicSerdes.valueSerde(topic).serializer());
  }

  private <E> TestOutputTopic<String, Envelope<E>> output(Topic<E> topic) {
    return driver.createOutputTopic(
        topic.name(),
        TopicSerdes.keySerde(topic).deserializer(),
        TopicSerdes.valueSerde(topic).deserializer());
  }

  /** Under the build's output, so that nothing is left behind outside it. */
  private static String temporaryDirectory() {
    try {
      return Files.createDirectories(
              Path.of("target", "topology-test-state", UUID.randomUUID().toString()))
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
