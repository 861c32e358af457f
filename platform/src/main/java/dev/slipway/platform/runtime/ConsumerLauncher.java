package dev.slipway.platform.runtime;

import dev.slipway.events.Topic;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts a service's consumer loops, each on a supervised thread of its own ({@link Workers}: a
 * loop that fails starts again with a fresh consumer), and counts what they do.
 */
@ApplicationScoped
public class ConsumerLauncher {

  private final KafkaClientFactory factory;
  private final EventPublisher publisher;
  private final KafkaSettings settings;
  private final MeterRegistry meters;
  private final Clock clock;
  private final String source;
  private final Workers workers;

  ConsumerLauncher(
      KafkaClientFactory factory,
      EventPublisher publisher,
      KafkaSettings settings,
      MeterRegistry meters,
      Clock clock,
      Workers workers,
      @ConfigProperty(name = "quarkus.application.name") String applicationName) {
    this.factory = factory;
    this.publisher = publisher;
    this.settings = settings;
    this.meters = meters;
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
    workers.start(
        "consumer-" + groupId,
        () ->
            new EventConsumerLoop(
                factory.newConsumer(groupId, consumerOverrides),
                topics,
                handler,
                publisher,
                source,
                clock,
                settings.retryBackoff(),
                settings.maxQueuedPerPartition(),
                metrics()));
  }

  /**
   * The CloudEvents source of events this service produces, e.g. {@code /slipway/task-compiler}.
   */
  public String source() {
    return source;
  }

  private EventConsumerLoop.Listener metrics() {
    return new EventConsumerLoop.Listener() {
      @Override
      public void handled(Topic<?> topic) {
        meters.counter("slipway.events.handled", "topic", topic.name()).increment();
      }

      @Override
      public void deadLettered(String topic, String reason) {
        meters.counter("slipway.events.dead.lettered", "topic", topic).increment();
      }

      @Override
      public void retrying(String topic, Exception cause) {
        meters.counter("slipway.events.retried", "topic", topic).increment();
      }
    };
  }
}
