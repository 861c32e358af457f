package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogFieldsTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void namesTheReleaseWhileOpenAndPutsBackTheThreadsOwnFieldsAfterwards() {
    MDC.put("repository", "org/from-the-event");
    MDC.put("topic", "slipway.release");

    try (LogFields fields = LogFields.ofRelease("release-1", "org/shop", "delivery-1")) {
      assertThat(MDC.get("release_id")).isEqualTo("release-1");
      assertThat(MDC.get("repository")).isEqualTo("org/shop");
      assertThat(MDC.get("correlation_id")).isEqualTo("delivery-1");
    }

    assertThat(MDC.getCopyOfContextMap())
        .containsOnly(
            Map.entry("repository", "org/from-the-event"), Map.entry("topic", "slipway.release"));
  }

  @Test
  void leavesOutAFieldWithoutValue() {
    MDC.put("correlation_id", "earlier");

    try (LogFields fields = LogFields.ofRelease("release-1", "org/shop", null)) {
      assertThat(MDC.get("correlation_id")).isNull();
    }

    assertThat(MDC.get("correlation_id")).isEqualTo("earlier");
    assertThat(MDC.get("release_id")).isNull();
  }
}
