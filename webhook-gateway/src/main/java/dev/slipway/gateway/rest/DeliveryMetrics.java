package dev.slipway.gateway.rest;

import dev.slipway.gateway.domain.BodyBudget;
import dev.slipway.gateway.domain.GithubEvents;
import dev.slipway.gateway.domain.IntakeOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Counts deliveries by event, action and outcome, and times their answers. Tag values come from a
 * bounded set whatever a sender writes, so no sender can create new metric series at will. Every
 * outcome has a series from the start (event "unknown", action "none"), so a panel shows 0 rather
 * than no data; one per known event and outcome would be hundreds.
 */
@Singleton
public class DeliveryMetrics {

  private static final String UNKNOWN = "unknown";
  private static final String NONE = "none";

  private final MeterRegistry meters;

  DeliveryMetrics(MeterRegistry meters) {
    this.meters = meters;
    for (IntakeOutcome.Status outcome : IntakeOutcome.Status.values()) {
      deliveries(UNKNOWN, NONE, tag(outcome));
    }
  }

  /** Publishes the bytes of bodies being read now. */
  void watch(BodyBudget budget) {
    Gauge.builder("slipway.webhook.body.bytes.in.flight", budget, BodyBudget::reserved)
        .description("bytes of request bodies admitted and not yet done with")
        .baseUnit("bytes")
        .register(meters);
  }

  /**
   * Unverified requests, and those about an owner no organisation serves, are tagged "unknown":
   * their headers are anyone's words. Event names GitHub does not send are tagged "other", with
   * their action.
   */
  void record(IntakeOutcome outcome, long nanos) {
    String outcomeTag = tag(outcome.status());
    boolean known = GithubEvents.isKnown(outcome.event());
    String event = outcome.event() == null ? UNKNOWN : known ? outcome.event() : GithubEvents.OTHER;
    String action = outcome.action() == null ? NONE : known ? outcome.action() : GithubEvents.OTHER;
    deliveries(event, action, outcomeTag).increment();
    Timer.builder("slipway.webhook.ack.latency")
        .description("time from request to answer")
        .tag("outcome", outcomeTag)
        .publishPercentileHistogram()
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter deliveries(String event, String action, String outcome) {
    return meters.counter(
        "slipway.webhook.deliveries", "event", event, "action", action, "outcome", outcome);
  }

  private static String tag(IntakeOutcome.Status outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }
}
