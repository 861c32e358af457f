package dev.slipway.platform.runtime;

import dev.slipway.events.Topic;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Counts what the service's consumer loops and publisher do with events, by topic and {@link
 * EventTypes type}, and times how long events waited to be handled. Counters are registered at 0
 * for every topic and type known when a loop starts, so a panel shows 0 rather than no data.
 */
@Singleton
public class EventMetrics implements EventConsumerLoop.Listener, EventPublisher.Listener {

  static final String HANDLED = "slipway.events.handled";
  static final String DEAD_LETTERED = "slipway.events.dead.lettered";
  static final String RETRIED = "slipway.events.retried";
  static final String REPLAYED = "slipway.events.replayed";
  static final String PUBLISHED = "slipway.events.published";
  static final String DELAY = "slipway.events.delay";

  /** Events may wait behind a long backlog or a slow handler; longer waits land in +Inf. */
  private static final Duration LONGEST_DELAY_BUCKET = Duration.ofMinutes(10);

  private final MeterRegistry meters;

  EventMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Registers at 0 every counter a consumer loop reading {@code topics} can move. */
  void registerConsumed(List<Topic<?>> topics) {
    for (Topic<?> topic : topics) {
      for (String type : EventTypes.carriedBy(topic)) {
        counter(HANDLED, topic.name(), type);
        counter(REPLAYED, topic.name(), type);
        counter(DEAD_LETTERED, topic.name(), type);
        counter(RETRIED, topic.name(), type);
      }
      // A record that cannot be read is dead-lettered, or retried when that fails.
      counter(DEAD_LETTERED, topic.name(), EventTypes.UNKNOWN);
      counter(RETRIED, topic.name(), EventTypes.UNKNOWN);
    }
  }

  /** Registers at 0 the publications of every type of {@code topics}. */
  void registerPublished(List<Topic<?>> topics) {
    for (Topic<?> topic : topics) {
      for (String type : EventTypes.carriedBy(topic)) {
        counter(PUBLISHED, topic.name(), type);
      }
    }
  }

  @Override
  public void handling(String topic, Duration delay) {
    Timer.builder(DELAY)
        .description("time from an event's ce_time to the start of its handling")
        .tag("topic", topic)
        .publishPercentileHistogram()
        .maximumExpectedValue(LONGEST_DELAY_BUCKET)
        .register(meters)
        .record(delay);
  }

  @Override
  public void handled(String topic, String type) {
    counter(HANDLED, topic, type).increment();
  }

  @Override
  public void replayed(String topic, String type) {
    counter(REPLAYED, topic, type).increment();
  }

  @Override
  public void deadLettered(String topic, String type, String reason) {
    counter(DEAD_LETTERED, topic, type).increment();
  }

  @Override
  public void retrying(String topic, String type, Exception cause) {
    counter(RETRIED, topic, type).increment();
  }

  @Override
  public void published(String topic, String type) {
    counter(PUBLISHED, topic, type).increment();
  }

  private Counter counter(String name, String topic, String type) {
    return Counter.builder(name).tag("topic", topic).tag("type", type).register(meters);
  }
}
