package dev.slipway.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventMetricsTest {

  private static final String TASK_SPEC = Topics.TASK_SPEC.name();
  private static final List<String> TASK_SPEC_TYPES =
      List.of(
          "PipelinePlanned",
          "PipelineRejected",
          "ReleaseOperationRequested",
          "ReleaseRequested",
          "ReleaseSkipped",
          "RunsCancelled",
          "TaskPlanned");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EventMetrics metrics = new EventMetrics(meters);

  private List<String> typesAtZero(String name, String topic) {
    return meters.find(name).tag("topic", topic).counters().stream()
        .filter(counter -> counter.count() == 0)
        .map(counter -> counter.getId().getTag("type"))
        .sorted()
        .toList();
  }

  private double count(String name, String topic, String type) {
    Counter counter = meters.find(name).tag("topic", topic).tag("type", type).counter();
    return counter == null ? Double.NaN : counter.count();
  }

  @Test
  void aConsumerStartsWithEveryCounterOfEveryTypeItsTopicsCarryAtZero() {
    metrics.registerConsumed(List.of(Topics.TASK_SPEC, Topics.WEBHOOK));

    assertThat(typesAtZero(EventMetrics.HANDLED, TASK_SPEC)).isEqualTo(TASK_SPEC_TYPES);
    assertThat(typesAtZero(EventMetrics.REPLAYED, TASK_SPEC)).isEqualTo(TASK_SPEC_TYPES);
    assertThat(typesAtZero(EventMetrics.DEAD_LETTERED, Topics.WEBHOOK.name()))
        .containsExactlyInAnyOrder("WebhookReceived", "PullRequestCommand", "unknown");
    assertThat(typesAtZero(EventMetrics.RETRIED, Topics.WEBHOOK.name()))
        .containsExactlyInAnyOrder("WebhookReceived", "PullRequestCommand", "unknown");
    assertThat(meters.find(EventMetrics.HANDLED).tag("topic", Topics.RELEASE.name()).counters())
        .as("a topic the consumer does not read")
        .isEmpty();
  }

  @Test
  void publicationsOfEveryTopicAndTypeStartAtZero() {
    metrics.registerPublished(Topics.ALL);

    assertThat(typesAtZero(EventMetrics.PUBLISHED, TASK_SPEC)).isEqualTo(TASK_SPEC_TYPES);
    assertThat(typesAtZero(EventMetrics.PUBLISHED, Topics.DEAD_LETTER.name()))
        .containsExactly("DeadLetter");
  }

  @Test
  void whatTheLoopAndThePublisherReportIsCountedByTopicAndType() {
    metrics.registerConsumed(List.of(Topics.TASK_SPEC));

    metrics.handled(TASK_SPEC, "TaskPlanned");
    metrics.handled(TASK_SPEC, "TaskPlanned");
    metrics.replayed(TASK_SPEC, "TaskPlanned");
    metrics.deadLettered(TASK_SPEC, "unknown", "unreadable: empty record");
    metrics.retrying(TASK_SPEC, "RunsCancelled", new RuntimeException("unreachable"));
    metrics.published(Topics.DEAD_LETTER.name(), "DeadLetter");

    assertThat(count(EventMetrics.HANDLED, TASK_SPEC, "TaskPlanned")).isEqualTo(2);
    assertThat(count(EventMetrics.HANDLED, TASK_SPEC, "RunsCancelled")).isZero();
    assertThat(count(EventMetrics.REPLAYED, TASK_SPEC, "TaskPlanned")).isEqualTo(1);
    assertThat(count(EventMetrics.DEAD_LETTERED, TASK_SPEC, "unknown")).isEqualTo(1);
    assertThat(count(EventMetrics.RETRIED, TASK_SPEC, "RunsCancelled")).isEqualTo(1);
    assertThat(count(EventMetrics.PUBLISHED, Topics.DEAD_LETTER.name(), "DeadLetter")).isEqualTo(1);
  }

  @Test
  void theDelayIsTimedByTopicWithAHistogramPrometheusCanQuery() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EventMetrics metrics = new EventMetrics(prometheus);

    metrics.handling(TASK_SPEC, Duration.ofMillis(1500));
    metrics.handling(TASK_SPEC, Duration.ofMillis(500));

    assertThat(prometheus.scrape())
        .contains("slipway_events_delay_seconds_count{topic=\"slipway.task-spec\",} 2.0")
        .contains("slipway_events_delay_seconds_sum{topic=\"slipway.task-spec\",} 2.0")
        .contains(
            "slipway_events_delay_seconds_bucket{topic=\"slipway.task-spec\",le=\"+Inf\",} 2.0");
  }
}
