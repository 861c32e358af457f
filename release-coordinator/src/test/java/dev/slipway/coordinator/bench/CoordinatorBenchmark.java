package dev.slipway.coordinator.bench;

import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static dev.slipway.coordinator.domain.ReleaseFixtures.rolledOut;

import dev.slipway.coordinator.kafka.StandaloneCoordinator;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Decisions per second with exactly-once on the real broker (one stream thread), and the time from
 * a deploy outcome to the next release's {@code ReleaseAdmitted}.
 *
 * <p>Run: {@code mvn -o -pl release-coordinator test-compile
 * org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=dev.slipway.coordinator.bench.CoordinatorBenchmark -Dexec.classpathScope=test}
 * (optional arguments: repositories for the throughput run, rounds for the latency run). Uses
 * {@code KAFKA_BOOTSTRAP_SERVERS} when set, otherwise a broker in this JVM.
 */
public final class CoordinatorBenchmark {

  private CoordinatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int repositories = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    String servers = KafkaBroker.bootstrapServers();
    KafkaClientFactory clients = new KafkaClientFactory(servers, "coordinator-benchmark");
    TopicProvisioner.provision(clients, 3, (short) 1);
    String run = UUID.randomUUID().toString().substring(0, 8);
    KafkaStreams streams =
        StandaloneCoordinator.start(
            servers,
            "coordinator-benchmark-" + run,
            Files.createTempDirectory("coordinator-benchmark"),
            Duration.ofHours(1));
    try (EventPublisher publisher =
            new EventPublisher(clients.newProducer(), Duration.ofSeconds(30));
        EventProbe<ReleaseEvent> reader = EventProbe.fromNow(Topics.RELEASE, servers)) {
      warmUp(publisher, reader, run);
      throughput(publisher, reader, run, repositories);
      latency(publisher, reader, run, rounds);
    } finally {
      streams.close(Duration.ofSeconds(10));
    }
    System.exit(0);
  }

  private static void warmUp(
      EventPublisher publisher, EventProbe<ReleaseEvent> reader, String run) {
    String repository = "bench/warm-up-" + run;
    publisher.publish(Topics.TASK_SPEC, request(repository, 1, QueueMode.QUEUE));
    awaitAdmitted(reader, releaseId(repository, 1), Duration.ofSeconds(120));
  }

  /**
   * Each repository gets a request (admitted at once), then, once all are admitted, its roll-out
   * (completed): two decisions per repository. Outcomes wait for the admissions because an outcome
   * that overtakes its request is, rightly, ignored as unknown.
   */
  private static void throughput(
      EventPublisher publisher, EventProbe<ReleaseEvent> reader, String run, int repositories) {
    Instant start = Instant.now();
    sendAll(
        publisher,
        repositories,
        i -> Topics.TASK_SPEC,
        i -> request(throughputRepository(i, run), 1, QueueMode.QUEUE));
    reader.await(ofThisRun(run, ReleaseAdmitted.class), repositories, Duration.ofMinutes(10));
    Instant admitted = Instant.now();
    sendAll(
        publisher,
        repositories,
        i -> Topics.DEPLOYED,
        i -> rolledOut(throughputRepository(i, run), 1, "dc1"));
    reader.await(ofThisRun(run, ReleaseCompleted.class), repositories, Duration.ofMinutes(10));
    Instant completed = Instant.now();
    long total = Duration.between(start, completed).toMillis();
    System.out.printf(
        "throughput: %d requests admitted in %d ms, %d roll-outs completed in %d ms: %.0f decisions/s%n",
        repositories,
        Duration.between(start, admitted).toMillis(),
        repositories,
        Duration.between(admitted, completed).toMillis(),
        2 * repositories * 1000.0 / total);
  }

  private static Predicate<Envelope<ReleaseEvent>> ofThisRun(
      String run, Class<? extends ReleaseEvent> decision) {
    return envelope ->
        decision.isInstance(envelope.data())
            && envelope.subject().startsWith("bench/t")
            && envelope.subject().endsWith("-" + run);
  }

  private static String throughputRepository(int i, String run) {
    return "bench/t" + i + "-" + run;
  }

  private static <E> void sendAll(
      EventPublisher publisher,
      int count,
      IntFunction<Topic<E>> topic,
      IntFunction<Envelope<E>> envelope) {
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(publisher.send(topic.apply(i), envelope.apply(i)));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
  }

  /**
   * One repository in queue mode: release n in flight, n+1 waiting; the roll-out of n must admit
   * n+1.
   */
  private static void latency(
      EventPublisher publisher, EventProbe<ReleaseEvent> reader, String run, int rounds) {
    String repository = "bench/latency-" + run;
    publisher.publish(Topics.TASK_SPEC, request(repository, 1, QueueMode.QUEUE));
    awaitAdmitted(reader, releaseId(repository, 1), Duration.ofSeconds(60));
    long[] micros = new long[rounds];
    for (int n = 1; n <= rounds; n++) {
      publisher.publish(Topics.TASK_SPEC, request(repository, n + 1, QueueMode.QUEUE));
      long sentAt = System.nanoTime();
      publisher.publish(Topics.DEPLOYED, rolledOut(repository, n, "dc1"));
      awaitAdmitted(reader, releaseId(repository, n + 1), Duration.ofSeconds(30));
      micros[n - 1] = (System.nanoTime() - sentAt) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf(
        "latency outcome -> next ReleaseAdmitted over %d rounds: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        rounds,
        percentile(micros, 0.50) / 1000.0,
        percentile(micros, 0.99) / 1000.0,
        micros[rounds - 1] / 1000.0);
  }

  private static void awaitAdmitted(
      EventProbe<ReleaseEvent> reader, String releaseId, Duration timeout) {
    reader.await(
        envelope ->
            envelope.data() instanceof ReleaseAdmitted admitted
                && admitted.releaseId().equals(releaseId),
        1,
        timeout);
  }

  private static long percentile(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
  }

  private static Envelope<dev.slipway.events.TaskSpecEvent> request(
      String repository, int n, QueueMode mode) {
    return Envelope.first(
        "/slipway/task-compiler",
        repository,
        "delivery-" + n,
        Instant.now(),
        release(repository, n, mode, "dc1"));
  }
}
