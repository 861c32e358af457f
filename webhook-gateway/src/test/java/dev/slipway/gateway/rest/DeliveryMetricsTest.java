package dev.slipway.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.gateway.domain.IntakeOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DeliveryMetrics metrics = new DeliveryMetrics(meters);

  private Counter deliveries(String event, String action, String outcome) {
    return meters
        .find("slipway.webhook.deliveries")
        .tag("event", event)
        .tag("action", action)
        .tag("outcome", outcome)
        .counter();
  }

  @Test
  void everyOutcomeHasASeriesAtZeroFromTheStart() {
    assertThat(meters.find("slipway.webhook.deliveries").counters())
        .extracting(counter -> counter.getId().getTag("outcome"), Counter::count)
        .containsExactlyInAnyOrder(
            tuple("published", 0.0),
            tuple("duplicate", 0.0),
            tuple("ignored", 0.0),
            tuple("unverified", 0.0),
            tuple("invalid", 0.0),
            tuple("unsupported_media_type", 0.0),
            tuple("unavailable", 0.0),
            tuple("unknown_organisation", 0.0),
            tuple("repository_not_allowed", 0.0));
  }

  @Test
  void aDeliveryIsCountedByEventActionAndOutcomeAndItsAnswerTimed() {
    metrics.record(
        new IntakeOutcome(IntakeOutcome.Status.PUBLISHED, "pull_request", "opened", "accepted"),
        2_000_000);
    metrics.record(new IntakeOutcome(IntakeOutcome.Status.UNVERIFIED, null, null, ""), 1_000_000);

    assertThat(deliveries("pull_request", "opened", "published").count()).isEqualTo(1);
    assertThat(deliveries("unknown", "none", "unverified").count()).isEqualTo(1);
    assertThat(
            meters.find("slipway.webhook.ack.latency").tag("outcome", "published").timer().count())
        .isEqualTo(1);
  }
}
