package dev.slipway.platform.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Log fields ({@link LogFields}) in SLF4J's MDC for as long as something is handled on this thread,
 * so every line logged meanwhile (a field of its own in JSON logs) says what it was about. Closing
 * puts back what the thread had before: a scope opened inside another (a run inside the consumer
 * loop's event) leaves the outer one's fields as they were. A field without a value is left out.
 */
public final class LogScope implements AutoCloseable {

  private final Map<String, String> previous = new LinkedHashMap<>();

  private LogScope() {}

  /** A scope with one field; add more with {@link #and}. */
  public static LogScope with(String field, String value) {
    return new LogScope().and(field, value);
  }

  /** Sets a field until this scope closes; a null value changes nothing. */
  public LogScope and(String field, String value) {
    if (value != null) {
      previous.putIfAbsent(field, MDC.get(field));
      MDC.put(field, value);
    }
    return this;
  }

  @Override
  public void close() {
    previous.forEach(
        (field, value) -> {
          if (value == null) {
            MDC.remove(field);
          } else {
            MDC.put(field, value);
          }
        });
  }
}
