package dev.slipway.compiler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.compiler.domain.Pipelines;
import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.domain.PlanningListener;
import dev.slipway.compiler.domain.TaskCompiler;
import dev.slipway.compiler.domain.UnreachableRepositories;
import dev.slipway.compiler.git.GitPipelineSource;
import dev.slipway.compiler.git.LocalRepositories;
import dev.slipway.compiler.state.JsonUnreachableRepositoriesStore;
import dev.slipway.events.Envelope;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.Webhooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #14 item 9 on the in-JVM broker: a thousand queued webhooks of an unreachable repository do
 * not hold up a pull request of another repository on the same partition, neither while the
 * unreachable one's first event goes through its retries nor after the compiler restarted.
 */
class HeadOfLineIT {

  private static final Logger LOG = LoggerFactory.getLogger(HeadOfLineIT.class);
  private static final int QUEUED = 1000;
  private static final int ATTEMPTS = 5;
  private static final Duration BACKOFF = Duration.ofMillis(500);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PIPELINE =
      "image: alpine:3.20\ntasks:\n  test:\n    cmds: [make test]\n";

  /**
   * Not the service's own: a task-compiler another test started in this JVM reads the same
   * webhooks.
   */
  private static final String SOURCE = "/slipway/task-compiler-head-of-line-it";

  @TempDir Path work;

  private final String group = "task-compiler-hol-" + UUID.randomUUID();
  private final AtomicInteger retries = new AtomicInteger();
  private final CountDownLatch firstRetry = new CountDownLatch(1);
  private KafkaClientFactory factory;
  private EventPublisher publisher;
  private LocalRepositories repositories;
  private GitPipelineSource source;
  private EventConsumerLoop loop;
  private Thread thread;

  @BeforeEach
  void connect() throws Exception {
    factory = new KafkaClientFactory(KafkaBroker.bootstrapServers(), "head-of-line-it");
    TopicProvisioner.provision(factory, 3, (short) 1);
    publisher = new EventPublisher(factory.newProducer(), Duration.ofSeconds(10));
    repositories = new LocalRepositories(work.resolve("remote"));
    source =
        new GitPipelineSource(
            repositories.urlTemplate(), work.resolve("cache"), Duration.ofSeconds(10));
  }

  @AfterEach
  void close() throws InterruptedException {
    stopCompiler();
    source.close();
    publisher.close();
  }

  @Test
  void aThousandWebhooksOfAnUnreachableRepositoryDoNotHoldUpAnotherRepositoryOnTheirPartition()
      throws Exception {
    String other = "org/other-" + UUID.randomUUID().toString().substring(0, 8);
    String gone = samePartitionAs(other);
    String first = repositories.commit(other, Map.of(".slipway.yml", PIPELINE));
    skipToTheEnd();
    List<CompletableFuture<?>> sent =
        IntStream.range(0, QUEUED)
            .<CompletableFuture<?>>mapToObj(
                i ->
                    publisher.send(
                        Topics.WEBHOOK,
                        Webhooks.published(pullRequest(gone, "a".repeat(40), 1 + i))))
            .toList();
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      startCompiler();
      awaitRetry();
      Duration coldCache = timeToFirstPlannedTask(probe, other, first, 1);
      Duration warmCache = timeToFirstPlannedTask(probe, other, commit(other, "make check"), 2);
      assertThat(seen(probe, of(gone, PipelineRejected.class)))
          .as("the unreachable repository is still in its first event's retries")
          .isEmpty();

      probe.await(of(gone, PipelineRejected.class), 1, WAIT);
      stopCompiler();
      int rejectedBeforeRestart = seen(probe, of(gone, PipelineRejected.class)).size();
      retries.set(0);
      startCompiler();
      // Measured once the restarted compiler reads again (its consumer joined the group).
      probe.await(of(gone, PipelineRejected.class), rejectedBeforeRestart + 1, WAIT);
      Duration afterRestart = timeToFirstPlannedTask(probe, other, commit(other, "make verify"), 3);
      int rejectedAfterRestart = seen(probe, of(gone, PipelineRejected.class)).size();

      List<Envelope<TaskSpecEvent>> rejections =
          probe.await(of(gone, PipelineRejected.class), QUEUED, WAIT);
      assertThat(rejectedAfterRestart)
          .as("rejections of the unreachable repository when the other was planned")
          .isLessThan(QUEUED);
      assertThat(retries)
          .as("after the restart the repository is known unreachable: no event is retried")
          .hasValue(0);
      assertThat(rejections)
          .allSatisfy(
              rejection ->
                  assertThat(((PipelineRejected) rejection.data()).reason())
                      .startsWith("could not read the repository: git fetch failed for " + gone));
      LOG.info(
          "head of line: {} queued webhooks of {}; a pull request of another repository on its partition got its first"
              + " TaskPlanned {} ms after its webhook (its first fetch) and {} ms (a new commit) while the first event was"
              + " being retried, {} ms after a restart; the {} rejections took {} ms from the first",
          QUEUED,
          gone,
          coldCache.toMillis(),
          warmCache.toMillis(),
          afterRestart.toMillis(),
          QUEUED,
          Duration.between(rejections.get(0).time(), rejections.get(QUEUED - 1).time()).toMillis());
    }
  }

  private String commit(String repository, String command) throws Exception {
    return repositories.commit(
        repository, Map.of(".slipway.yml", PIPELINE.replace("make test", command)));
  }

  private Duration timeToFirstPlannedTask(
      EventProbe<TaskSpecEvent> probe, String repository, String sha, int number) {
    long sent = System.nanoTime();
    publisher.publish(Topics.WEBHOOK, Webhooks.published(pullRequest(repository, sha, number)));
    probe.await(
        e ->
            of(repository, TaskPlanned.class).test(e) && ((TaskPlanned) e.data()).sha().equals(sha),
        1,
        WAIT);
    return Duration.ofNanos(System.nanoTime() - sent);
  }

  /** What the probe has read so far that matches, after one more poll. */
  private static List<Envelope<TaskSpecEvent>> seen(
      EventProbe<TaskSpecEvent> probe, Predicate<Envelope<TaskSpecEvent>> filter) {
    return probe.await(filter, 0, Duration.ofMillis(1));
  }

  private void startCompiler() {
    Planner planner =
        new Planner(new Pipelines(source, 100), new TaskCompiler(Duration.ofMinutes(20)));
    UnreachableRepositories unreachable =
        new UnreachableRepositories(
            Clock.systemUTC(),
            ATTEMPTS,
            Duration.ofMinutes(10),
            Duration.ofSeconds(30),
            new JsonUnreachableRepositoriesStore(work.resolve("cache")));
    WebhookCompiler compiler =
        new WebhookCompiler(
            planner,
            publisher,
            SOURCE,
            Clock.systemUTC(),
            unreachable,
            1_000_000,
            PlanningListener.NONE);
    loop =
        new EventConsumerLoop(
            factory.newConsumer(group),
            List.of(Topics.WEBHOOK),
            compiler,
            publisher,
            SOURCE,
            Clock.systemUTC(),
            BACKOFF,
            EventConsumerLoop.DEFAULT_MAX_QUEUED,
            new EventConsumerLoop.Listener() {
              @Override
              public void retrying(String topic, String type, Exception cause) {
                retries.incrementAndGet();
                firstRetry.countDown();
              }
            });
    thread = new Thread(loop, "head-of-line-compiler");
    thread.start();
  }

  private void stopCompiler() throws InterruptedException {
    if (loop != null) {
      loop.close();
      thread.join(30_000);
      loop = null;
    }
  }

  private void awaitRetry() throws InterruptedException {
    assertThat(firstRetry.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the unreachable repository's first event failed")
        .isTrue();
  }

  /**
   * A repository that does not exist, whose events go to the same partition as {@code
   * repository}'s.
   */
  private String samePartitionAs(String repository) throws Exception {
    int partitions;
    try (Admin admin = factory.newAdmin()) {
      partitions = webhookPartitions(admin).size();
    }
    int target = partition(repository, partitions);
    String candidate;
    do {
      candidate = "org/gone-" + UUID.randomUUID().toString().substring(0, 8);
    } while (partition(candidate, partitions) != target);
    return candidate;
  }

  private static List<TopicPartitionInfo> webhookPartitions(Admin admin) throws Exception {
    return admin
        .describeTopics(List.of(Topics.WEBHOOK.name()))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(Topics.WEBHOOK.name())
        .partitions();
  }

  /** As the producer's default partitioner places a keyed record. */
  private static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** The group starts at the end of the topic: earlier tests' webhooks are not this test's. */
  private void skipToTheEnd() throws Exception {
    try (Admin admin = factory.newAdmin()) {
      List<TopicPartition> partitions =
          webhookPartitions(admin).stream()
              .map(info -> new TopicPartition(Topics.WEBHOOK.name(), info.partition()))
              .toList();
      Map<TopicPartition, OffsetSpec> latest =
          partitions.stream()
              .collect(java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      Map<TopicPartition, OffsetAndMetadata> ends =
          admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
              .collect(
                  java.util.stream.Collectors.toMap(
                      Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
      admin.alterConsumerGroupOffsets(group, ends).all().get(10, TimeUnit.SECONDS);
    }
  }

  private static Predicate<Envelope<TaskSpecEvent>> of(
      String repo, Class<? extends TaskSpecEvent> type) {
    return envelope ->
        envelope.source().equals(SOURCE)
            && envelope.subject().equals(repo)
            && type.isInstance(envelope.data());
  }

  private static WebhookReceived pullRequest(String repo, String sha, int number) {
    return Webhooks.pullRequest(repo, number, sha).branches("feature/x", "main").build();
  }
}
