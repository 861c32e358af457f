package dev.slipway.coordinator.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread fails: Quarkus hands this bean to Kafka Streams before it
 * starts. Exactly-once processing aborts the failed transaction, so a fresh thread picks the
 * records up again; without it the only stream thread would die and the coordinator would admit
 * nothing while it still answered HTTP. An {@link Error} shuts the client down instead, which
 * Quarkus' Kafka Streams liveness check reports, so the platform restarts the service.
 */
@ApplicationScoped
class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

  @Override
  public StreamThreadExceptionResponse handle(Throwable failure) {
    if (isError(failure)) {
      LOG.error("stream thread died of an error; shutting Kafka Streams down", failure);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    LOG.error("stream thread failed; replacing it", failure);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Kafka Streams wraps what a processor threw in a {@code StreamsException}. */
  private static boolean isError(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof Error) {
        return true;
      }
    }
    return false;
  }
}
