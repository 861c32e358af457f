package dev.slipway.platform.runtime;

import dev.slipway.platform.kafka.KafkaClientFactory;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;

/**
 * Kafka settings every service reads ({@code slipway.kafka.*}; the broker list is {@code
 * kafka.bootstrap.servers}).
 */
@ConfigMapping(prefix = "slipway.kafka")
public interface KafkaSettings {

  /** How long a publish may wait for the broker's acknowledgement. */
  @WithDefault("5s")
  Duration sendTimeout();

  /** Partitions of topics this service creates when they are missing. */
  @WithName("topics.partitions")
  @WithDefault("3")
  int partitions();

  /** Replication factor of topics this service creates when they are missing. */
  @WithName("topics.replication-factor")
  @WithDefault("1")
  short replicationFactor();

  /**
   * First back-off after a retryable handler failure; it doubles up to 30 s. Only the failing
   * event's key (repository) waits; the partition's other keys go on.
   */
  @WithDefault("500ms")
  Duration retryBackoff();

  /**
   * Records of one partition a consumer loop keeps in memory while they wait behind a parked key or
   * for their key's turn; at this many the partition is paused until they are handled.
   */
  @WithDefault("2000")
  int maxQueuedPerPartition();

  /**
   * Extra Kafka client properties (security, tuning), e.g. {@code
   * slipway.kafka.client."security.protocol"=SSL}.
   */
  Map<String, String> client();

  /**
   * Extra Kafka producer properties, e.g. {@code slipway.kafka.producer."batch.size"=262144};
   * consumers and admin clients never see them.
   */
  Map<String, String> producer();

  /** The Kafka clients these settings describe: a service's, and the operations CLI's. */
  default KafkaClientFactory clients(String bootstrapServers, String clientId) {
    return new KafkaClientFactory(bootstrapServers, clientId, sendTimeout(), client(), producer());
  }
}
