package dev.slipway.platform.runtime;

import dev.slipway.events.Topic;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts a service's consumer loops, each on a thread of its own, counts what they do, and stops
 * them when the service stops.
 */
@ApplicationScoped
public class ConsumerLauncher {

  private final KafkaClientFactory factory;
  private final EventPublisher publisher;
  private final KafkaSettings settings;
  private final MeterRegistry meters;
  private final Clock clock;
  private final String source;
  private final List<EventConsumerLoop> loops = new CopyOnWriteArrayList<>();

  ConsumerLauncher(
      KafkaClientFactory factory,
      EventPublisher publisher,
      KafkaSettings settings,
      MeterRegistry meters,
      Clock clock,
      @ConfigProperty(name = "quarkus.application.name") String applicationName) {
    this.factory = factory;
    this.publisher = publisher;
    this.settings = settings;
    this.meters = meters;
    this.clock = clock;
    this.source = "/slipway/" + applicationName;
  }

  /** Consumes {@code topics} in consumer group {@code groupId}, handing every event to {@code handler}. */
  public void start(String groupId, List<Topic<?>> topics, EventHandler handler) {
    start(groupId, topics, handler, Map.of());
  }

  /**
   * As {@link #start(String, List, EventHandler)}, with Kafka consumer properties for this loop
   * alone, e.g. a longer {@code max.poll.interval.ms} for a handler that waits for a rollout.
   */
  public void start(
      String groupId, List<Topic<?>> topics, EventHandler handler, Map<String, ?> consumerOverrides) {
    EventConsumerLoop loop =
        new EventConsumerLoop(
            factory.newConsumer(groupId, consumerOverrides), topics, handler, publisher, source, clock, settings.retryBackoff(), metrics());
    loops.add(loop);
    new Thread(loop, "consumer-" + groupId).start();
  }

  /** The CloudEvents source of events this service produces, e.g. {@code /slipway/task-compiler}. */
  public String source() {
    return source;
  }

  void onStop(@Observes ShutdownEvent event) {
    loops.forEach(EventConsumerLoop::close);
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
      public void retrying(Topic<?> topic, Exception cause) {
        meters.counter("slipway.events.retried", "topic", topic.name()).increment();
      }
    };
  }
}
