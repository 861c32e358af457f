package dev.slipway.platform.runtime;

import dev.slipway.events.Topic;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts a service's consumer loops, each on a supervised thread of its own ({@link Workers}: a
 * loop that fails starts again with a fresh consumer), counts what they do ({@link EventMetrics})
 * and publishes their consumers' metrics ({@link KafkaClientMeters}).
 */
@ApplicationScoped
public class ConsumerLauncher {

  private final KafkaClientFactory factory;
  private final EventPublisher publisher;
  private final KafkaSettings settings;
  private final EventMetrics metrics;
  private final KafkaClientMeters clientMeters;
  private final Clock clock;
  private final String source;
  private final Workers workers;

  ConsumerLauncher(
      KafkaClientFactory factory,
      EventPublisher publisher,
      KafkaSettings settings,
      EventMetrics metrics,
      KafkaClientMeters clientMeters,
      Clock clock,
      Workers workers,
      @ConfigProperty(name = "quarkus.application.name") String applicationName) {
    this.factory = factory;
    this.publisher = publisher;
    this.settings = settings;
    this.metrics = metrics;
    this.clientMeters = clientMeters;
    this.clock = clock;
    this.source = "/slipway/" + applicationName;
    this.workers = workers;
  }

  /**
   * Consumes {@code topics} in consumer group {@code groupId}, handing every event to {@code
   * handler}.
   */
  public void start(String groupId, List<Topic<?>> topics, EventHandler handler) {
    start(groupId, topics, handler, Map.of());
  }

  /**
   * As {@link #start(String, List, EventHandler)}, with Kafka consumer properties for this loop
   * alone, e.g. a longer {@code max.poll.interval.ms} for a handler that waits for a rollout.
   */
  public void start(
      String groupId,
      List<Topic<?>> topics,
      EventHandler handler,
      Map<String, ?> consumerOverrides) {
    metrics.registerConsumed(topics);
    workers.start(
        "consumer-" + groupId,
        () -> {
          Consumer<byte[], byte[]> consumer = factory.newConsumer(groupId, consumerOverrides);
          return clientMeters.whileRunning(
              consumer,
              groupId,
              new EventConsumerLoop(
                  consumer,
                  topics,
                  handler,
                  publisher,
                  source,
                  clock,
                  settings.retryBackoff(),
                  settings.maxQueuedPerPartition(),
                  metrics));
        });
  }

  /**
   * The CloudEvents source of events this service produces, e.g. {@code /slipway/task-compiler}.
   */
  public String source() {
    return source;
  }
}
