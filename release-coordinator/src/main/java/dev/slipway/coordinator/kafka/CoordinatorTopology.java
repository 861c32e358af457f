package dev.slipway.coordinator.kafka;

import dev.slipway.coordinator.domain.RepositoryReleases;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.TopicSerdes;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The coordinator's topology: the three input topics feed one processor that owns one state-store
 * entry per repository. Every topic is keyed by repository and co-partitioned, so no repartitioning
 * is needed and a repository's events are decided one at a time, in order.
 */
public final class CoordinatorTopology {

  /** The store queried by {@code GET /releases/{owner}/{repo}}. */
  public static final String STORE = "repository-releases";

  /** The topics the coordinator reads, in one processor. */
  public static final List<Topic<?>> INPUTS =
      List.of(Topics.TASK_SPEC, Topics.BUILD_JOB, Topics.DEPLOYED);

  static final String COORDINATOR = "coordinator";
  static final String RELEASE_SINK = "release";
  static final String DEAD_LETTER_SINK = "dead-letter";

  private CoordinatorTopology() {}

  /**
   * The store as interactive queries read it, over every partition this instance holds.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while Streams starts,
   *     restores or rebalances
   */
  public static ReadOnlyKeyValueStore<String, RepositoryReleases> queryableStore(
      KafkaStreams streams) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
            STORE, QueryableStoreTypes.<String, RepositoryReleases>keyValueStore()));
  }

  public static Topology build(CoordinatorConfig config) {
    Topology topology = new Topology();
    // Values are read as bytes and turned into envelopes in the processor, so that a record that
    // cannot be read goes to the dead-letter topic inside the same transaction.
    for (Topic<?> input : INPUTS) {
      topology.addSource(
          input.name(), new StringDeserializer(), new ByteArrayDeserializer(), input.name());
    }
    topology.addProcessor(
        COORDINATOR,
        () -> new CoordinatorProcessor(config),
        INPUTS.stream().map(Topic::name).toArray(String[]::new));
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STORE),
            Serdes.String(),
            new JsonSerde<>(RepositoryReleases.class)),
        COORDINATOR);
    topology.addSink(
        RELEASE_SINK,
        Topics.RELEASE.name(),
        TopicSerdes.keySerde(Topics.RELEASE).serializer(),
        TopicSerdes.valueSerde(Topics.RELEASE).serializer(),
        COORDINATOR);
    topology.addSink(
        DEAD_LETTER_SINK,
        Topics.DEAD_LETTER.name(),
        TopicSerdes.keySerde(Topics.DEAD_LETTER).serializer(),
        TopicSerdes.valueSerde(Topics.DEAD_LETTER).serializer(),
        COORDINATOR);
    return topology;
  }
}
