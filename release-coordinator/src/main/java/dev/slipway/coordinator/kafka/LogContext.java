package dev.slipway.coordinator.kafka;

import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The log fields of the record being processed ({@code correlation_id}, {@code topic}, {@code
 * event_type}, {@code repository}, {@code release_id}), in SLF4J's MDC until closed, so every line
 * logged meanwhile carries them. Closing removes them: the stream thread goes on to other records.
 */
final class LogContext implements AutoCloseable {

  static final String CORRELATION_ID = "correlation_id";
  static final String TOPIC = "topic";
  static final String EVENT_TYPE = "event_type";
  static final String REPOSITORY = "repository";
  static final String RELEASE_ID = "release_id";

  private final Map<String, String> fields;

  private LogContext(Map<String, String> fields) {
    this.fields = fields;
    fields.forEach(MDC::put);
  }

  static LogContext of(String topic, Envelope<?> envelope) {
    Map<String, String> fields = new LinkedHashMap<>();
    put(fields, CORRELATION_ID, envelope.correlationId());
    put(fields, TOPIC, topic);
    put(fields, EVENT_TYPE, envelope.data().getClass().getSimpleName());
    put(fields, REPOSITORY, envelope.subject());
    put(fields, RELEASE_ID, releaseIdOf(envelope.data()));
    return new LogContext(fields);
  }

  /** For work that no record started, as the timeout check of one repository. */
  static LogContext ofRepository(String repository) {
    Map<String, String> fields = new LinkedHashMap<>();
    put(fields, REPOSITORY, repository);
    return new LogContext(fields);
  }

  @Override
  public void close() {
    fields.keySet().forEach(MDC::remove);
  }

  /** A field without a value says nothing (and some MDC bindings refuse null): it is left out. */
  private static void put(Map<String, String> fields, String key, String value) {
    if (value != null) {
      fields.put(key, value);
    }
  }

  /** The release an input event is about, null when it names none. */
  private static String releaseIdOf(Object data) {
    if (data instanceof ReleaseRequested request) {
      return request.releaseId();
    }
    if (data instanceof ReleaseOperationRequested operation) {
      return operation.releaseId();
    }
    if (data instanceof ReleaseBuildStateChanged change) {
      return change.releaseId();
    }
    if (data instanceof DeploymentFinished deployment) {
      return deployment.releaseId();
    }
    if (data instanceof ReleaseSkipped skipped) {
      return skipped.releaseId();
    }
    return null;
  }
}
