package dev.slipway.coordinator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

  private final StreamThreadFailures failures = new StreamThreadFailures();

  @Test
  void aFailedThreadIsReplaced() {
    assertThat(failures.handle(new StreamsException(new IllegalStateException("store closed"))))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void anErrorShutsTheClientDownSoLivenessShowsIt() {
    assertThat(failures.handle(new StreamsException(new OutOfMemoryError("Java heap space"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.handle(new StackOverflowError()))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}
