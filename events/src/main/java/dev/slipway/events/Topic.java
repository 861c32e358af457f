package dev.slipway.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A topic with its name, its settings and the CloudEvents types its family carries (how it travels
 * on Kafka is {@code events.kafka.TopicSerdes}). Immutable; every topic is keyed by the
 * repository's full name.
 */
public final class Topic<E> {

  private final String name;
  private final Class<E> family;
  private final Map<String, Class<? extends E>> classByType;
  private final Map<Class<?>, String> typeByClass;
  private final Map<String, String> config;

  private Topic(
      String name,
      Class<E> family,
      Map<String, Class<? extends E>> classByType,
      Map<String, String> config) {
    this.name = name;
    this.family = family;
    this.classByType = Map.copyOf(classByType);
    this.typeByClass =
        classByType.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));
    this.config = Map.copyOf(config);
  }

  /**
   * @throws IllegalArgumentException when {@code family} is not sealed, or one of the classes it
   *     permits has no CloudEvents type here: an event that could be made but never sent fails the
   *     first use of the registry, not the first delivery of that event
   */
  static <E> Topic<E> of(
      String name,
      Class<E> family,
      Map<String, Class<? extends E>> classByType,
      Map<String, String> config) {
    if (!family.isSealed()) {
      throw new IllegalArgumentException(
          name
              + ": the family "
              + family.getSimpleName()
              + " must be sealed, so the types it carries are known");
    }
    Set<Class<?>> typed = Set.copyOf(classByType.values());
    List<String> untyped =
        Arrays.stream(family.getPermittedSubclasses())
            .filter(event -> !typed.contains(event))
            .map(Class::getSimpleName)
            .sorted()
            .collect(Collectors.toList());
    if (!untyped.isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ": no CloudEvents type for "
              + String.join(", ", untyped)
              + " of "
              + family.getSimpleName());
    }
    return new Topic<>(name, family, classByType, config);
  }

  public String name() {
    return name;
  }

  public Class<E> family() {
    return family;
  }

  /**
   * Topic-level Kafka settings this topic is created with (on top of partitions and replication).
   */
  public Map<String, String> config() {
    return config;
  }

  /** The CloudEvents type of {@code data}, e.g. {@code dev.slipway.task.planned}. */
  public String typeOf(E data) {
    String type = typeByClass.get(data.getClass());
    if (type == null) {
      throw new IllegalArgumentException(
          data.getClass().getSimpleName() + " does not travel on " + name);
    }
    return type;
  }

  /** The event class for a CloudEvents type, or null if this topic does not carry it. */
  public Class<? extends E> classOf(String type) {
    return classByType.get(type);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Topic<?> topic && topic.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
