package dev.slipway.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogScopeTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void namesTheReleaseWhileOpenAndPutsBackTheThreadsOwnFieldsAfterwards() {
    MDC.put(LogFields.REPOSITORY, "org/from-the-event");
    MDC.put(LogFields.TOPIC, "slipway.release");

    try (LogScope fields =
        LogScope.with(LogFields.RELEASE_ID, "release-1")
            .and(LogFields.REPOSITORY, "org/shop")
            .and(LogFields.CORRELATION_ID, "delivery-1")) {
      assertThat(MDC.getCopyOfContextMap())
          .containsOnly(
              Map.entry("release_id", "release-1"),
              Map.entry("repository", "org/shop"),
              Map.entry("correlation_id", "delivery-1"),
              Map.entry("topic", "slipway.release"));
    }

    assertThat(MDC.getCopyOfContextMap())
        .containsOnly(
            Map.entry("repository", "org/from-the-event"), Map.entry("topic", "slipway.release"));
  }

  @Test
  void aFieldWithoutValueLeavesTheThreadsOwnInPlace() {
    MDC.put(LogFields.CORRELATION_ID, "earlier");

    try (LogScope fields =
        LogScope.with(LogFields.RUN_ID, "run-1").and(LogFields.CORRELATION_ID, null)) {
      assertThat(MDC.get("correlation_id")).isEqualTo("earlier");
      assertThat(MDC.get("run_id")).isEqualTo("run-1");
    }

    assertThat(MDC.getCopyOfContextMap()).containsOnly(Map.entry("correlation_id", "earlier"));
  }
}
