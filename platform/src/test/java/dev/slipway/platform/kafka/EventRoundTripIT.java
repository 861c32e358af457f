package dev.slipway.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.ContainerTimes;
import dev.slipway.events.DeadLetter;
import dev.slipway.events.DeadLetterEvent;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.NormalizedError;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.TaskPlans;
import dev.slipway.testsupport.Webhooks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared producer and consumer loop against a real broker. */
class EventRoundTripIT {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final String REPO = "acme/round-trip";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static KafkaClientFactory factory;
  private static EventPublisher publisher;

  @BeforeAll
  static void connect() throws Exception {
    factory = new KafkaClientFactory(KafkaBroker.bootstrapServers(), "round-trip-it");
    TopicProvisioner.provision(factory, 3, (short) 1);
    publisher = new EventPublisher(factory.newProducer(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void close() {
    publisher.close();
  }

  @Test
  void everyEventTypeTravelsWithItsCloudEventsAttributes() {
    String delivery = UUID.randomUUID().toString();
    DeployDefinition deploy = new DeployDefinition("web", 2, 8080, "/healthz");
    BuildDefinition build = new BuildDefinition("Dockerfile", ".");
    List<Object> events =
        List.of(
            Webhooks.pullRequest(REPO, 7, "abc123")
                .delivery(delivery)
                .cloneUrl("https://example.test/acme/round-trip.git")
                .sender("octocat")
                .fromFork("someone/round-trip")
                .before("abc122")
                .build(),
            Webhooks.push(REPO, "refs/heads/main", "abc123")
                .delivery(delivery)
                .before("abc122")
                .build(),
            Webhooks.release(REPO, 42L, "v1.0.0")
                .delivery(delivery)
                .published(NOW, true, false)
                .build(),
            Webhooks.release(REPO, 43L, "v1.1.0")
                .delivery(delivery)
                .published(null, false, true)
                .build(),
            Webhooks.comment(REPO, 7, "/retest").delivery(delivery).build(),
            Webhooks.ping(REPO).delivery(delivery).build(),
            TaskPlans.taskPlanned()
                .repository(REPO)
                .sha("abc123")
                .task("unit")
                .env(Map.of("A", "b"))
                .build(),
            new RunsCancelled(REPO, 7, "abc123", RunsCancelled.SUPERSEDED),
            new PipelinePlanned(REPO, "abc123", 7, true, List.of("unit", "lint")),
            new PipelineRejected(REPO, "abc123", 7, "unknown key 'taks'", 2),
            new ReleaseRequested(
                "rel-1",
                REPO,
                "v1.0.0",
                "abc123",
                "file:///repo.git",
                NOW,
                build,
                deploy,
                List.of("dc1", "dc2"),
                ReleaseRequested.QueueMode.SUPERSEDE),
            new TaskRunStateChanged(
                "run-1",
                REPO,
                "abc123",
                "unit",
                7,
                RunState.STARTED,
                RunState.FAILED,
                1,
                List.of(new NormalizedError("javac", "A.java", 3, 5, "cannot find symbol")),
                "exit 1",
                "http://runner/runs/run-1",
                NOW,
                new ContainerTimes(NOW, NOW.plusMillis(20), NOW.plusMillis(40)),
                NOW),
            new ReleaseBuildStateChanged(
                "rel-1",
                REPO,
                "v1.0.0",
                "abc123",
                RunState.QUEUED,
                RunState.STARTED,
                null,
                null,
                NOW),
            new ReleaseAdmitted(
                "rel-1",
                REPO,
                "v1.0.0",
                "abc123",
                "file:///repo.git",
                1,
                "dc1",
                build,
                deploy,
                null,
                null),
            new ReleaseSuperseded("rel-0", REPO, "v0.9.0", "def456", "rel-1"),
            new ReleaseTimedOut("rel-1", REPO, "v1.0.0", "abc123", "dc1"),
            new ReleaseCompleted("rel-1", REPO, "v1.0.0", "abc123", 1),
            new ReleaseFailed("rel-1", REPO, "v1.0.0", "abc123", "dc2", "rollout failed"),
            new ImagePushed(
                "rel-1",
                REPO,
                "v1.0.0",
                "abc123",
                1,
                "dc1",
                "127.0.0.1:5000/acme/round-trip",
                "sha256:" + "0".repeat(64),
                deploy),
            new DeploymentFinished(
                "rel-1",
                REPO,
                "v1.0.0",
                "abc123",
                1,
                "dc1",
                DeploymentFinished.Outcome.ROLLED_OUT,
                "127.0.0.1:5000/acme/round-trip@sha256:0",
                "rolled out",
                "http://127.0.0.1:8401/round-trip/"),
            new ReleaseSkipped(
                "rel-2",
                REPO,
                "v1.1.0-rc.1",
                "abc124",
                "a prerelease: release.prereleases is not true"));

    for (Topic<?> topic : Topics.ALL) {
      if (topic.equals(Topics.DEAD_LETTER)) {
        continue;
      }
      List<Object> onTopic = events.stream().filter(topic.family()::isInstance).toList();
      assertThat(onTopic).as("events for %s", topic).isNotEmpty();
      roundTrip(topic, onTopic, delivery);
    }
  }

  private static <E> void roundTrip(Topic<E> topic, List<Object> events, String delivery) {
    try (EventProbe<E> probe = EventProbe.fromNow(topic)) {
      Envelope<E> cause = null;
      List<Envelope<E>> sent = new java.util.ArrayList<>();
      for (Object event : events) {
        E data = topic.family().cast(event);
        Envelope<E> envelope =
            cause == null
                ? Envelope.first("/slipway/test", REPO, delivery, NOW, data)
                : Envelope.causedBy(cause, "/slipway/test", NOW, data);
        publisher.publish(topic, envelope);
        sent.add(envelope);
        cause = envelope;
      }
      List<Envelope<E>> received =
          probe.await(e -> e.correlationId().equals(delivery), sent.size(), WAIT);
      assertThat(received)
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(sent);
      assertThat(received.get(received.size() - 1).causationId())
          .isEqualTo(received.size() > 1 ? sent.get(sent.size() - 2).id() : null);
    }
  }

  @Test
  void corruptRecordIsDeadLetteredAndTheConsumerGoesOn() throws Exception {
    String group = "dead-letter-it-" + UUID.randomUUID();
    List<Envelope<?>> handled = new CopyOnWriteArrayList<>();
    EventConsumerLoop loop =
        new EventConsumerLoop(
            factory.newConsumer(group),
            List.of(Topics.TASK_SPEC),
            event -> handled.add(event.envelope()),
            publisher,
            "/slipway/test",
            Clock.systemUTC(),
            Duration.ofMillis(100),
            EventConsumerLoop.DEFAULT_MAX_QUEUED,
            EventConsumerLoop.Listener.NONE);
    try (EventProbe<DeadLetterEvent> deadLetters = EventProbe.fromNow(Topics.DEAD_LETTER);
        Producer<byte[], byte[]> raw = factory.newProducer()) {
      Thread thread = new Thread(loop, "dead-letter-it");
      thread.start();
      byte[] garbage = "\u0000not an event".getBytes(StandardCharsets.UTF_8);
      raw.send(
              new ProducerRecord<>(
                  Topics.TASK_SPEC.name(), REPO.getBytes(StandardCharsets.UTF_8), garbage))
          .get();
      Envelope<dev.slipway.events.TaskSpecEvent> good =
          Envelope.first(
              "/slipway/test",
              REPO,
              UUID.randomUUID().toString(),
              NOW,
              new RunsCancelled(REPO, 9, null, "closed"));
      publisher.publish(Topics.TASK_SPEC, good);

      Envelope<DeadLetterEvent> letter =
          deadLetters
              .await(
                  e ->
                      ((DeadLetter) e.data()).topic().equals(Topics.TASK_SPEC.name())
                          && java.util.Arrays.equals(((DeadLetter) e.data()).value(), garbage),
                  1,
                  WAIT)
              .get(0);
      DeadLetter dead = (DeadLetter) letter.data();
      assertThat(dead.reason()).startsWith("unreadable:");
      assertThat(dead.offset()).isGreaterThanOrEqualTo(0);
      await("the good event after the unreadable one is handled")
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(handled).extracting(Envelope::id).contains(good.id()));
    } finally {
      loop.close();
    }
  }
}
