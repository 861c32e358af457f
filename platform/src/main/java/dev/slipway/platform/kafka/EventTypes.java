package dev.slipway.platform.kafka;

import dev.slipway.events.Topic;
import java.util.Arrays;
import java.util.List;

/**
 * The short name an event travels under in metrics and logs: its class's simple name, e.g. {@code
 * TaskPlanned}. A bounded set: a topic's family is sealed, so the types it carries are known.
 */
public final class EventTypes {

  /** The type of a record that could not be read. */
  public static final String UNKNOWN = "unknown";

  private EventTypes() {}

  public static String of(Object data) {
    return data.getClass().getSimpleName();
  }

  /** Every type {@code topic} can carry: the classes its sealed family permits. */
  public static List<String> carriedBy(Topic<?> topic) {
    return Arrays.stream(topic.family().getPermittedSubclasses())
        .map(Class::getSimpleName)
        .sorted()
        .toList();
  }
}
