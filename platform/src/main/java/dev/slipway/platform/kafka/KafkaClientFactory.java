package dev.slipway.platform.kafka;

import dev.slipway.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place Kafka clients are configured. Producers are durable (acks=all, idempotent);
 * consumers commit by hand after handling and read only committed records, since the
 * release-coordinator writes transactionally.
 */
public final class KafkaClientFactory {

  private final String bootstrapServers;
  private final String clientId;
  private final Duration sendTimeout;
  private final Map<String, Object> overrides;
  private final Map<String, Object> producerOverrides;

  /**
   * @param sendTimeout how long a send may wait for metadata and acknowledgement before it fails
   * @param overrides raw Kafka client properties applied last to every client (e.g. security
   *     settings)
   * @param producerOverrides raw Kafka producer properties applied last to producers (e.g.
   *     batching)
   */
  public KafkaClientFactory(
      String bootstrapServers,
      String clientId,
      Duration sendTimeout,
      Map<String, ?> overrides,
      Map<String, ?> producerOverrides) {
    this.bootstrapServers = bootstrapServers;
    this.clientId = clientId;
    this.sendTimeout = sendTimeout;
    this.overrides = Map.copyOf(overrides);
    this.producerOverrides = Map.copyOf(producerOverrides);
  }

  public KafkaClientFactory(
      String bootstrapServers, String clientId, Duration sendTimeout, Map<String, ?> overrides) {
    this(bootstrapServers, clientId, sendTimeout, overrides, Map.of());
  }

  public KafkaClientFactory(String bootstrapServers, String clientId) {
    this(bootstrapServers, clientId, Duration.ofSeconds(5), Map.of());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Duration sendTimeout() {
    return sendTimeout;
  }

  public Producer<byte[], byte[]> newProducer() {
    Map<String, Object> config = common(clientId + "-producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // The producer checks the uncompressed size; JSON escaping can grow a 25 MB body past the
    // topic's (compressed) 32 MB limit before compression brings it back under.
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * Topics.MAX_WEBHOOK_RECORD_BYTES);
    int timeoutMs = (int) sendTimeout.toMillis();
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs / 2));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(2000, timeoutMs));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.putAll(overrides);
    config.putAll(producerOverrides);
    return new KafkaProducer<>(config);
  }

  /** A consumer in {@code groupId}; with a null group it is for manual assignment (no commits). */
  public Consumer<byte[], byte[]> newConsumer(String groupId) {
    return newConsumer(groupId, Map.of());
  }

  /**
   * As {@link #newConsumer(String)}, with Kafka consumer properties that only this consumer needs.
   */
  public Consumer<byte[], byte[]> newConsumer(String groupId, Map<String, ?> consumerOverrides) {
    Map<String, Object> config = common(clientId + "-" + (groupId == null ? "reader" : groupId));
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Topics are created by TopicProvisioner with their limits; an auto-created one would lack
    // them.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.putAll(overrides);
    config.putAll(consumerOverrides);
    return new KafkaConsumer<>(config);
  }

  public AdminClient newAdmin() {
    Map<String, Object> config = common(clientId + "-admin");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    config.putAll(overrides);
    return AdminClient.create(config);
  }

  private Map<String, Object> common(String id) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.put("client.id", id);
    config.put("reconnect.backoff.max.ms", 2000);
    return config;
  }
}
