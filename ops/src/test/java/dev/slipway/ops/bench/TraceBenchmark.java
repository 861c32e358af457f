package dev.slipway.ops.bench;

import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.Envelope;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.ops.SampleEvents;
import dev.slipway.ops.cli.Cli;
import dev.slipway.ops.config.OpsConfig;
import dev.slipway.ops.domain.Trace;
import dev.slipway.ops.kafka.KafkaTrace;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.testsupport.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How long {@code trace} takes on long-lived topics: {@code records} events (default 1 M) of
 * pull-request flows, ten events per delivery (webhook, plan, two tasks, three states each), their
 * record times spread over the last five days, then traces of a delivery from the middle, found by
 * its id alone and with {@code --at}, with the CLI's default settings and consumer. Goal: at most 2
 * s found by its id; the exit status says whether it was met.
 *
 * <p>Run: {@code ./slipway bench trace [records]}. Uses {@code KAFKA_BOOTSTRAP_SERVERS} when set,
 * otherwise a broker in this JVM.
 */
public final class TraceBenchmark {

  private static final int EVENTS_PER_DELIVERY = 10;
  private static final Duration SPAN = Duration.ofDays(5);
  private static final int TRACES = 5;

  private TraceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int deliveries = records / EVENTS_PER_DELIVERY;
    String servers = KafkaBroker.bootstrapServers();
    KafkaClientFactory clients =
        new KafkaClientFactory(
            servers,
            "trace-benchmark",
            Duration.ofSeconds(60),
            Map.of(),
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024));
    TopicProvisioner.provision(clients, 3, (short) 1);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant start = now.minus(SPAN);
    long step = SPAN.toMillis() / deliveries;
    String run = UUID.randomUUID().toString().substring(0, 8);
    String middle = null;
    long produceStart = System.nanoTime();
    try (Producer<byte[], byte[]> producer = clients.newProducer()) {
      for (int i = 0; i < deliveries; i++) {
        String delivery = run + "-" + i;
        publishFlow(producer, delivery, "bench/repo-" + (i % 500), start.plusMillis(i * step));
        if (i == deliveries / 2) {
          middle = delivery;
        }
      }
      producer.flush();
    }
    System.out.printf(
        "published %d records (%d deliveries over %d days) in %.1f s%n",
        (long) deliveries * EVENTS_PER_DELIVERY,
        deliveries,
        SPAN.toDays(),
        (System.nanoTime() - produceStart) / 1e9);
    KafkaTrace.Window window = KafkaTrace.Window.of(OpsConfig.load(null).ops());
    List<Long> searched = new ArrayList<>();
    List<Long> placed = new ArrayList<>();
    Instant middleTime = start.plusMillis((long) (deliveries / 2) * step);
    for (int i = 0; i < TRACES; i++) {
      searched.add(timedTrace(clients, window, middle, Optional.empty(), "found by its id"));
      placed.add(timedTrace(clients, window, middle, Optional.of(middleTime), "with --at"));
    }
    searched.sort(Long::compare);
    placed.sort(Long::compare);
    System.out.printf(
        "trace of one delivery among %d records, median (worst): found by its id %d ms (%d ms), with --at %d ms (%d ms); goal 2000 ms%n",
        (long) deliveries * EVENTS_PER_DELIVERY,
        searched.get(TRACES / 2),
        searched.get(TRACES - 1),
        placed.get(TRACES / 2),
        placed.get(TRACES - 1));
    System.exit(searched.get(TRACES / 2) <= 2000 ? 0 : 1);
  }

  private static long timedTrace(
      KafkaClientFactory clients,
      KafkaTrace.Window window,
      String delivery,
      Optional<Instant> at,
      String how) {
    long begin = System.nanoTime();
    try (Consumer<byte[], byte[]> consumer = clients.newConsumer(null, Cli.READER)) {
      Trace trace = new KafkaTrace(consumer, window, Clock.systemUTC()).trace(delivery, at);
      long took = (System.nanoTime() - begin) / 1_000_000;
      System.out.printf(
          "trace %s: %d events, %d stop(s), %d records read, %d ms (with the consumer's start)%n",
          how, trace.eventCount(), trace.stops().size(), trace.scanned(), took);
      if (trace.eventCount() != EVENTS_PER_DELIVERY || !trace.stops().isEmpty()) {
        throw new IllegalStateException(
            "the trace is wrong: " + trace.eventCount() + " events, stops " + trace.stops());
      }
      return took;
    }
  }

  private static void publishFlow(
      Producer<byte[], byte[]> producer, String delivery, String repository, Instant at) {
    var webhook =
        Envelope.<WebhookEvent>first(
            "/slipway/webhook-gateway",
            repository,
            delivery,
            at,
            SampleEvents.pullRequestOpened(delivery, repository));
    send(producer, Topics.WEBHOOK, webhook);
    send(
        producer,
        Topics.TASK_SPEC,
        Envelope.<TaskSpecEvent>causedBy(
            webhook,
            "/slipway/task-compiler",
            at.plusMillis(1),
            SampleEvents.planned(repository, "pass", "fail")));
    int offset = 2;
    for (String task : List.of("pass", "fail")) {
      var planned =
          Envelope.<TaskSpecEvent>causedBy(
              webhook,
              "/slipway/task-compiler",
              at.plusMillis(offset++),
              SampleEvents.task(repository, delivery + task, task));
      send(producer, Topics.TASK_SPEC, planned);
      RunState previous = null;
      for (RunState to :
          List.of(
              RunState.QUEUED,
              RunState.STARTED,
              task.equals("pass") ? RunState.SUCCEEDED : RunState.FAILED)) {
        send(
            producer,
            Topics.BUILD_JOB,
            Envelope.<BuildJobEvent>causedBy(
                planned,
                "/slipway/build-runner",
                at.plusMillis(offset++),
                SampleEvents.state(repository, delivery + task, task, previous, to)));
        previous = to;
      }
    }
  }

  private static <E> void send(
      Producer<byte[], byte[]> producer, Topic<E> topic, Envelope<E> envelope) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value =
        TopicSerdes.valueSerde(topic).serializer().serialize(topic.name(), headers, envelope);
    // The record carries the event's time, so the broker's time index spreads the flows over the
    // span.
    producer.send(
        new ProducerRecord<>(
            topic.name(),
            null,
            envelope.time().toEpochMilli(),
            envelope.key().getBytes(StandardCharsets.UTF_8),
            value,
            headers));
  }
}
