package dev.slipway.coordinator.kafka;

import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.platform.kafka.EventTypes;
import dev.slipway.platform.logging.LogFields;
import dev.slipway.platform.logging.LogScope;

/**
 * The log fields of the record being processed ({@code correlation_id}, {@code topic}, {@code
 * event_type}, {@code repository}, {@code release_id}) until the scope closes, so every line logged
 * meanwhile carries them; the stream thread then goes on to other records.
 */
final class LogContext {

  private LogContext() {}

  static LogScope of(String topic, Envelope<?> envelope) {
    return LogScope.with(LogFields.CORRELATION_ID, envelope.correlationId())
        .and(LogFields.TOPIC, topic)
        .and(LogFields.EVENT_TYPE, EventTypes.of(envelope.data()))
        .and(LogFields.REPOSITORY, envelope.subject())
        .and(LogFields.RELEASE_ID, releaseIdOf(envelope.data()));
  }

  /** For work that no record started, as the timeout check of one repository. */
  static LogScope ofRepository(String repository) {
    return LogScope.with(LogFields.REPOSITORY, repository);
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
