package dev.slipway.coordinator.kafka;

import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static dev.slipway.coordinator.domain.ReleaseFixtures.rolledOut;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator, a process of its own on the real broker with exactly-once, is killed (SIGKILL)
 * while a release is in flight and another waits, and restarted with an empty state directory: its
 * state comes back from the changelog, the outcome admits the waiting release once, and nothing is
 * admitted twice.
 */
class CoordinatorRestartIT {

  private static final Duration AWAIT = Duration.ofSeconds(60);

  @TempDir Path work;

  private final String repository = "acme/restart-" + UUID.randomUUID();
  private final String applicationId = "coordinator-restart-it-" + UUID.randomUUID();
  private final List<Process> processes = new ArrayList<>();
  private KafkaClientFactory clients;
  private EventPublisher publisher;

  @BeforeEach
  void createTopics() throws Exception {
    clients = new KafkaClientFactory(KafkaBroker.bootstrapServers(), "coordinator-restart-it");
    TopicProvisioner.provision(clients, 3, (short) 1);
    publisher = new EventPublisher(clients.newProducer(), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    publisher.close();
  }

  @Test
  void aKilledCoordinatorResumesWhereItStoppedAndAdmitsTheNextReleaseExactlyOnce()
      throws Exception {
    try (EventProbe<ReleaseEvent> probe = EventProbe.fromNow(Topics.RELEASE)) {
      Process first = startCoordinator("first");
      publisher.publish(Topics.TASK_SPEC, request(1));
      RecordMetadata waiting = publisher.publish(Topics.TASK_SPEC, request(2));
      probe.await(envelope -> admitted(envelope, 1), 1, AWAIT);
      awaitCommitted(waiting);

      first.destroyForcibly().waitFor();
      startCoordinator("second");
      RecordMetadata outcome = publisher.publish(Topics.DEPLOYED, rolledOut(repository, 1, "dc1"));

      probe.await(envelope -> admitted(envelope, 2), 1, AWAIT);
      // Every input is committed, and with it everything the coordinator decided on it.
      awaitCommitted(outcome);
      List<String> decisions =
          probe.drainToEnd(AWAIT).stream()
              .filter(envelope -> envelope.subject().equals(repository))
              // The service under ReleaseResourceIT may run in this JVM too and decide on the same
              // input.
              .filter(
                  envelope ->
                      envelope.source().equals(StandaloneCoordinator.sourceOf(applicationId)))
              .map(CoordinatorRestartIT::describe)
              .toList();
      assertThat(decisions).containsExactly("admitted r1 v1", "completed r1 v1", "admitted r2 v2");
    }
  }

  private Envelope<TaskSpecEvent> request(int n) {
    return Envelope.first(
        "/slipway/task-compiler",
        repository,
        "delivery-" + n,
        Instant.now(),
        release(repository, n, QueueMode.SUPERSEDE, "dc1"));
  }

  private boolean admitted(Envelope<ReleaseEvent> envelope, int n) {
    return envelope.source().equals(StandaloneCoordinator.sourceOf(applicationId))
        && envelope.data() instanceof ReleaseAdmitted admitted
        && admitted.releaseId().equals(releaseId(repository, n));
  }

  /**
   * Waits until the coordinator committed its transaction past {@code record}: the kill cannot undo
   * it, and what it decided on the record is on its output topic.
   */
  private void awaitCommitted(RecordMetadata record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try (Admin admin = clients.newAdmin()) {
      Awaitility.await("the coordinator commits past " + record)
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                OffsetAndMetadata committed =
                    admin
                        .listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > record.offset();
              });
    }
  }

  private Process startCoordinator(String name) throws IOException {
    Path stateDir = Files.createDirectories(work.resolve(name + "-state"));
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                StandaloneCoordinator.class.getName(),
                KafkaBroker.bootstrapServers(),
                applicationId,
                stateDir.toString(),
                Duration.ofMinutes(30).toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile())
            .start();
    processes.add(process);
    return process;
  }

  private static String describe(Envelope<ReleaseEvent> envelope) {
    ReleaseEvent event = envelope.data();
    String release = event.releaseId().substring(event.releaseId().lastIndexOf('-') + 1);
    if (event instanceof ReleaseAdmitted admitted) {
      return "admitted " + release + " v" + admitted.releaseNumber();
    }
    if (event instanceof ReleaseCompleted completed) {
      return "completed " + release + " v" + completed.releaseNumber();
    }
    return event.getClass().getSimpleName() + " " + release;
  }
}
