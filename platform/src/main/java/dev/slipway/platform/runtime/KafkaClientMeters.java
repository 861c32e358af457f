package dev.slipway.platform.runtime;

import dev.slipway.platform.workers.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.inject.Singleton;
import java.util.List;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Publishes a Kafka client's own metrics (Micrometer's {@link KafkaClientMetrics}, e.g. a
 * consumer's lag as {@code kafka_consumer_fetch_manager_records_lag_max}), tagged with the consumer
 * group, so that panels can tell the groups apart. Close the returned binding with its client.
 */
@Singleton
public class KafkaClientMeters {

  /** The group of producers, admin clients and consumers without a group. */
  public static final String NO_GROUP = "none";

  private final MeterRegistry meters;

  KafkaClientMeters(MeterRegistry meters) {
    this.meters = meters;
  }

  public KafkaClientMetrics bind(Producer<?, ?> producer) {
    return bound(new KafkaClientMetrics(producer, group(NO_GROUP)));
  }

  public KafkaClientMetrics bind(AdminClient admin) {
    return bound(new KafkaClientMetrics(admin, group(NO_GROUP)));
  }

  /**
   * @param groupId the consumer's group, null for a consumer without one
   */
  public KafkaClientMetrics bind(Consumer<?, ?> consumer, String groupId) {
    return bound(new KafkaClientMetrics(consumer, group(groupId == null ? NO_GROUP : groupId)));
  }

  /**
   * {@code worker}, with {@code consumer}'s metrics bound while it runs. The worker closes the
   * consumer when {@link Worker#run} returns; its metrics go then too.
   */
  public Worker whileRunning(Consumer<?, ?> consumer, String groupId, Worker worker) {
    KafkaClientMetrics bound = bind(consumer, groupId);
    return new Worker() {
      @Override
      public void run() {
        try {
          worker.run();
        } finally {
          bound.close();
        }
      }

      @Override
      public void close() {
        worker.close();
      }
    };
  }

  private KafkaClientMetrics bound(KafkaClientMetrics metrics) {
    metrics.bindTo(meters);
    return metrics;
  }

  private static List<Tag> group(String group) {
    return List.of(Tag.of("group", group));
  }
}
