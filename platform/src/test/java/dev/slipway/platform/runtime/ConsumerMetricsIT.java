package dev.slipway.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.Envelope;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.CloudEventSerde;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.platform.workers.Worker;
import dev.slipway.testsupport.KafkaBroker;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The platform's event metrics and its Kafka clients' metrics as Prometheus scrapes them ({@code
 * /q/metrics} renders the same registry), on a broker of its own so that nothing but this test's
 * records is counted.
 */
class ConsumerMetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String REPO = "acme/metrics";
  private static final String TASK_SPEC = "topic=\"slipway.task-spec\",type=\"RunsCancelled\"";

  private final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final EventMetrics events = new EventMetrics(prometheus);
  private final KafkaClientMeters clientMeters = new KafkaClientMeters(prometheus);

  private static Envelope<TaskSpecEvent> cancelled(Instant time) {
    return Envelope.first(
        "/slipway/test",
        REPO,
        UUID.randomUUID().toString(),
        time,
        new RunsCancelled(REPO, 1, null, "closed"));
  }

  /** A record as {@code ./slipway replay} publishes it again. */
  private static ProducerRecord<byte[], byte[]> replayOf(Envelope<TaskSpecEvent> envelope) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value =
        TopicSerdes.valueSerde(Topics.TASK_SPEC)
            .serializer()
            .serialize(Topics.TASK_SPEC.name(), headers, envelope);
    headers.add(CloudEventSerde.REPLAY_OF_HEADER, "original".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        Topics.TASK_SPEC.name(), null, REPO.getBytes(StandardCharsets.UTF_8), value, headers);
  }

  private static List<String> series(String scrape, String name) {
    return Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith(name + "{")).toList();
  }

  @Test
  void handledEventsTheirDelayAndTheGroupsLagAreScraped() throws Exception {
    String group = "consumer-metrics-it";
    Set<String> handled = ConcurrentHashMap.newKeySet();
    try (KafkaBroker.Separate broker = KafkaBroker.separate()) {
      KafkaClientFactory factory =
          new KafkaClientFactory(broker.bootstrapServers(), "consumer-metrics-it");
      TopicProvisioner.provision(factory, 3, (short) 1);
      Producer<byte[], byte[]> producer = factory.newProducer();
      KafkaClientMetrics producerMeters = clientMeters.bind(producer);
      events.registerConsumed(List.of(Topics.TASK_SPEC));
      events.registerPublished(Topics.ALL);
      Consumer<byte[], byte[]> consumer = factory.newConsumer(group);
      Worker loop =
          clientMeters.whileRunning(
              consumer,
              group,
              new EventConsumerLoop(
                  consumer,
                  List.of(Topics.TASK_SPEC),
                  event -> handled.add(event.envelope().id()),
                  new EventPublisher(producer, Duration.ofSeconds(10)),
                  "/slipway/test",
                  Clock.systemUTC(),
                  Duration.ofMillis(100),
                  EventConsumerLoop.DEFAULT_MAX_QUEUED,
                  events));
      Thread thread = new Thread(loop, "consumer-metrics-it");
      try (EventPublisher publisher =
          new EventPublisher(factory.newProducer(), Duration.ofSeconds(10), events)) {
        String before = prometheus.scrape();
        assertThat(before)
            .as("registered at start")
            .contains("slipway_events_handled_total{" + TASK_SPEC + ",} 0.0")
            .contains("slipway_events_replayed_total{" + TASK_SPEC + ",} 0.0");
        thread.start();

        Envelope<TaskSpecEvent> published = cancelled(Instant.now());
        publisher.publish(Topics.TASK_SPEC, published);
        Envelope<TaskSpecEvent> replayed = cancelled(Instant.now());
        producer.send(replayOf(replayed)).get();
        await("both events handled")
            .atMost(WAIT)
            .until(() -> handled.containsAll(List.of(published.id(), replayed.id())));

        String scrape = prometheus.scrape();
        assertThat(scrape)
            .contains("slipway_events_handled_total{" + TASK_SPEC + ",} 2.0")
            .contains("slipway_events_replayed_total{" + TASK_SPEC + ",} 1.0")
            .contains("slipway_events_published_total{" + TASK_SPEC + ",} 1.0")
            .contains("slipway_events_delay_seconds_count{topic=\"slipway.task-spec\",} 2.0")
            .contains(
                "slipway_events_delay_seconds_bucket{topic=\"slipway.task-spec\",le=\"+Inf\",} 2.0");
        assertThat(series(scrape, "kafka_consumer_fetch_manager_records_lag_max"))
            .as("the consumer's lag, tagged with its group")
            .anySatisfy(line -> assertThat(line).contains("group=\"" + group + "\""));
        assertThat(series(scrape, "kafka_producer_record_send_total"))
            .as("the producer's sends, without a group")
            .anySatisfy(line -> assertThat(line).contains("group=\"none\""));
      } finally {
        loop.close();
        thread.join(WAIT.toMillis());
        producerMeters.close();
        producer.close();
      }
      assertThat(series(prometheus.scrape(), "kafka_consumer_fetch_manager_records_lag_max"))
          .as("gone with the consumer")
          .noneSatisfy(line -> assertThat(line).contains("group=\"" + group + "\""));
    }
  }
}
