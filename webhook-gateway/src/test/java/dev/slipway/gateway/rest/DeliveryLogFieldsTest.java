package dev.slipway.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.platform.logging.LogScope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class DeliveryLogFieldsTest {

  @Test
  void theDeliveryIsNamedWhileItIsHandledAndOnlyThen() {
    try (LogScope fields = DeliveryLogFields.of("d-1")) {
      assertThat(MDC.getCopyOfContextMap())
          .isEqualTo(Map.of("delivery", "d-1", "correlation_id", "d-1"));
    }

    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aDeliveryWithoutAnIdPutsNothing() {
    try (LogScope fields = DeliveryLogFields.of(null)) {
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
  }
}
