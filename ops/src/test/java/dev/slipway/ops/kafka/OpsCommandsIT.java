package dev.slipway.ops.kafka;

import static dev.slipway.ops.SampleEvents.pullRequestOpened;
import static dev.slipway.ops.SampleEvents.state;
import static dev.slipway.ops.SampleEvents.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.compiler.domain.PipelineSource;
import dev.slipway.compiler.domain.Pipelines;
import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.domain.TaskCompiler;
import dev.slipway.compiler.kafka.WebhookCompiler;
import dev.slipway.events.Envelope;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.json.EventJson;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.ops.SampleEvents;
import dev.slipway.ops.cli.Cli;
import dev.slipway.ops.config.OpsConfig;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.testsupport.DeadLettered;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trace, events tail and replay, as an operator runs them, against the real broker. */
class OpsCommandsIT {

  private static final String SOURCE = "/slipway/ops-it";

  private static OpsConfig config;
  private static KafkaClientFactory factory;
  private static EventPublisher publisher;

  @BeforeAll
  static void connect(@TempDir Path folder) throws Exception {
    Path properties = folder.resolve("ops.properties");
    // The settings file an operator gives with --config: a service's keys.
    Files.writeString(
        properties,
        "kafka.bootstrap.servers="
            + KafkaBroker.bootstrapServers()
            + "\nslipway.kafka.send-timeout=10s\n");
    config = OpsConfig.load(properties);
    factory = config.clients();
    TopicProvisioner.provision(factory, 3, (short) 1);
    publisher = new EventPublisher(factory.newProducer(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void close() {
    publisher.close();
  }

  private static String repository() {
    return "acme/ops-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String run(Clock clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Cli(config, clock, "alice", new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
        .run(List.of(args));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String run(String... args) {
    return run(Clock.systemUTC(), args);
  }

  private static <E> Envelope<E> publish(Topic<E> topic, Envelope<E> envelope) {
    publisher.publish(topic, envelope);
    return envelope;
  }

  /** GitHub's delivery of an opened pull request, as the gateway puts it on the webhook topic. */
  private static Envelope<WebhookEvent> pullRequestOpenedAt(
      Instant at, String delivery, String repository) {
    return Envelope.first(
        SOURCE, repository, delivery, at, pullRequestOpened(delivery, repository));
  }

  /** The webhook's task {@code unit} as the compiler plans it, with the id it derives. */
  private static Envelope<TaskSpecEvent> unitPlanned(Envelope<WebhookEvent> webhook, Instant at) {
    return Envelope.causedBy(
        webhook,
        "task-planned-" + webhook.correlationId(),
        SOURCE,
        at,
        task(webhook.subject(), "run-1", "unit"));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * A pull request's flow as the services publish it: the plan and each run's states are caused by
   * what planned them.
   */
  private static List<Envelope<?>> pullRequestFlow(String delivery, String repository) {
    Instant t = now();
    var webhook =
        publish(
            Topics.WEBHOOK,
            Envelope.first(
                "/slipway/webhook-gateway",
                repository,
                delivery,
                t,
                pullRequestOpened(delivery, repository)));
    var plan =
        publish(
            Topics.TASK_SPEC,
            Envelope.causedBy(
                webhook,
                "/slipway/task-compiler",
                t.plusMillis(300),
                SampleEvents.planned(repository, "pass", "fail")));
    var pass =
        publish(
            Topics.TASK_SPEC,
            Envelope.causedBy(
                webhook,
                "task-planned-pass-" + delivery,
                "/slipway/task-compiler",
                t.plusMillis(310),
                task(repository, "run-pass", "pass")));
    var fail =
        publish(
            Topics.TASK_SPEC,
            Envelope.causedBy(
                webhook,
                "task-planned-fail-" + delivery,
                "/slipway/task-compiler",
                t.plusMillis(320),
                task(repository, "run-fail", "fail")));
    List<Envelope<?>> chain = new ArrayList<>(List.of(webhook, plan, pass, fail));
    int millis = 400;
    for (var planned : List.of(pass, fail)) {
      TaskPlanned plannedTask = (TaskPlanned) planned.data();
      String runId = plannedTask.runId();
      String name = plannedTask.task();
      RunState end = name.equals("pass") ? RunState.SUCCEEDED : RunState.FAILED;
      RunState previous = null;
      for (RunState to : List.of(RunState.QUEUED, RunState.STARTED, end)) {
        chain.add(
            publish(
                Topics.BUILD_JOB,
                Envelope.causedBy(
                    planned,
                    "/slipway/build-runner",
                    t.plusMillis(millis += 100),
                    state(repository, runId, name, previous, to))));
        previous = to;
      }
    }
    return chain;
  }

  @Test
  void traceShowsEveryEventOfTheDeliveryUnderItsCauseInOrder() throws Exception {
    String delivery = UUID.randomUUID().toString();
    String repository = repository();
    pullRequestFlow(UUID.randomUUID().toString(), repository);
    List<Envelope<?>> chain = pullRequestFlow(delivery, repository);
    pullRequestFlow(UUID.randomUUID().toString(), repository);

    JsonNode trace = EventJson.mapper().readTree(run("trace", delivery, "--json"));

    assertThat(trace.get("delivery").asText()).isEqualTo(delivery);
    assertThat(trace.get("events")).hasSize(1);
    JsonNode webhook = trace.get("events").get(0);
    assertThat(webhook.get("id").asText()).isEqualTo(chain.get(0).id());
    assertThat(webhook.get("name").asText()).isEqualTo("WebhookReceived");
    assertThat(webhook.get("topic").asText()).isEqualTo("slipway.webhook");
    assertThat(names(webhook.get("children")))
        .containsExactly("PipelinePlanned", "TaskPlanned", "TaskPlanned");
    assertThat(ids(webhook.get("children")))
        .containsExactly(chain.get(1).id(), chain.get(2).id(), chain.get(3).id());
    JsonNode pass = webhook.get("children").get(1);
    assertThat(pass.get("causationId").asText()).isEqualTo(chain.get(0).id());
    assertThat(pass.get("delayMillis").asLong()).isEqualTo(310);
    assertThat(ids(pass.get("children")))
        .containsExactly(chain.get(4).id(), chain.get(5).id(), chain.get(6).id());
    assertThat(summaries(pass.get("children")))
        .containsExactly(
            "run run-pass (pass) → QUEUED",
            "run run-pass (pass) QUEUED → STARTED",
            "run run-pass (pass) STARTED → SUCCEEDED, exit 0");
    assertThat(summaries(webhook.get("children").get(2).get("children")))
        .last()
        .isEqualTo("run run-fail (fail) STARTED → FAILED, exit 1");
    assertThat(ids(webhook.get("children").get(2).get("children")))
        .containsExactly(chain.get(7).id(), chain.get(8).id(), chain.get(9).id());
    assertThat(trace.get("stops")).isEmpty();

    String text = run("trace", delivery);
    assertThat(text).contains("delivery " + delivery, ": 10 event(s)", "chain: nothing missing");
    assertThat(text.lines().filter(line -> line.contains("TaskRunStateChanged")).toList())
        .hasSize(6)
        .allSatisfy(
            line ->
                assertThat(line)
                    .matches("^(│  |   )[├└]─ TaskRunStateChanged  slipway.build-job/.*"));
  }

  @Test
  void aBrokenChainIsReportedWhereItBroke() {
    String delivery = UUID.randomUUID().toString();
    String repository = repository();
    Instant t = now();
    var webhook = publish(Topics.WEBHOOK, pullRequestOpenedAt(t, delivery, repository));
    publish(Topics.TASK_SPEC, unitPlanned(webhook, t.plusSeconds(1)));
    MutableClock fortyMinutesLater =
        new MutableClock(t.plus(Duration.ofMinutes(40)).plusSeconds(1));

    String text = run(fortyMinutesLater, "trace", delivery);

    assertThat(text).contains("stopped: no TaskRunStateChanged after TaskPlanned for 40 min");
    assertThat(text).doesNotContain("chain: nothing missing");
  }

  @Test
  void aDeadLetterIsReportedWithItsReasonUnderTheEventItHolds() throws Exception {
    String delivery = UUID.randomUUID().toString();
    String repository = repository();
    Instant t = now();
    var webhook = publish(Topics.WEBHOOK, pullRequestOpenedAt(t, delivery, repository));
    var planned = publish(Topics.TASK_SPEC, unitPlanned(webhook, t.plusSeconds(1)));
    publishDeadLetterOf(
        Topics.TASK_SPEC,
        planned,
        "handler failed: java.lang.IllegalStateException: no such image",
        t.plusSeconds(2));

    JsonNode trace = EventJson.mapper().readTree(run("trace", delivery, "--json"));

    JsonNode task = trace.get("events").get(0).get("children").get(0);
    assertThat(task.get("name").asText()).isEqualTo("TaskPlanned");
    assertThat(names(task.get("children"))).containsExactly("DeadLetter");
    assertThat(trace.get("stops").get(0).get("kind").asText()).isEqualTo("dead-letter");
    assertThat(trace.get("stops").get(0).get("message").asText())
        .startsWith("dead-lettered by /slipway/build-runner slipway.task-spec/0@42")
        .endsWith(": handler failed: java.lang.IllegalStateException: no such image");
  }

  @Test
  void aDeliveryThatIsNotOnTheWebhookTopicIsNamedAsMissing() {
    assertThatThrownBy(() -> run("trace", "no-such-delivery"))
        .isInstanceOf(DeliveryNotFoundException.class)
        .hasMessageContaining("give its time with --at");
  }

  @Test
  void tailShowsOnlyWhatTheFiltersLetThrough() {
    Instant from = now().minusSeconds(1);
    String repository = repository();
    String other = repository();
    pullRequestFlow(UUID.randomUUID().toString(), other);
    pullRequestFlow(UUID.randomUUID().toString(), repository);

    List<String> planned =
        run(
                "events",
                "tail",
                "--from",
                from.toString(),
                "--repo",
                repository,
                "--type",
                "TaskPlanned",
                "--until-idle",
                "2s")
            .lines()
            .toList();
    List<String> states =
        run(
                "events",
                "tail",
                "--topic",
                "slipway.build-job",
                "--from",
                from.toString(),
                "--repo",
                repository,
                "--type",
                "dev.slipway.run.state-changed",
                "--max",
                "2")
            .lines()
            .toList();

    assertThat(planned)
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("  TaskPlanned  " + repository + "  "));
    assertThat(planned.get(0)).contains("task pass, run run-pass");
    assertThat(states)
        .hasSize(2)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("slipway.build-job/", "TaskRunStateChanged  " + repository));
  }

  @Test
  void aReplayedWebhookIsRepublishedWithANewIdNamingTheOriginal() {
    String delivery = UUID.randomUUID().toString();
    String repository = repository();
    Instant from = now().minusSeconds(1);
    var webhook = publish(Topics.WEBHOOK, pullRequestOpenedAt(now(), delivery, repository));

    String output = replayWebhooks(from, delivery);

    List<ConsumerRecord<byte[], byte[]>> records = recordsOf(Topics.WEBHOOK.name(), delivery);
    assertThat(records).hasSize(2);
    ConsumerRecord<byte[], byte[]> replayed = records.get(1);
    assertThat(header(replayed, "ce_replayof")).isEqualTo(webhook.id());
    assertThat(header(replayed, "ce_id")).isNotEqualTo(webhook.id());
    assertThat(header(replayed, "ce_replayedby")).isEqualTo("alice");
    assertThat(replayed.value()).isEqualTo(records.get(0).value());
    Envelope<?> decoded = decode(Topics.WEBHOOK, replayed);
    assertThat(decoded.data()).isEqualTo(webhook.data());
    assertThat(output)
        .contains(
            "event=" + webhook.id() + " as event=" + header(replayed, "ce_id"),
            "by=alice",
            "replayed 1 of 1 selected record(s) of slipway.webhook, by alice");
  }

  @Test
  void aRerunOfAPlannedWebhookPlansNewRunIdsWhereAPlainReplayPlansTheSameOnes() {
    String delivery = UUID.randomUUID().toString();
    String repository = repository();
    Instant from = now().minusSeconds(1);
    WebhookCompiler compiler = compiler();
    var webhook = publish(Topics.WEBHOOK, pullRequestOpenedAt(now(), delivery, repository));
    compiler.handle(new ConsumedEvent<>(Topics.WEBHOOK, webhook, 0, 0));
    List<String> planned = plannedRunIds(delivery);
    assertThat(planned).hasSize(2);

    replayWebhooks(from, delivery);
    planEveryReplayOf(delivery, compiler);
    assertThat(plannedRunIds(delivery)).as("a plain replay").containsOnlyElementsOf(planned);

    String output = replayWebhooks(from, delivery, "--rerun");
    List<ConsumerRecord<byte[], byte[]>> webhooks = recordsOf(Topics.WEBHOOK.name(), delivery);
    assertThat(webhooks).hasSize(3);
    String rerun = header(webhooks.get(2), "ce_rerun");
    assertThat(rerun).isNotNull();
    assertThat(header(webhooks.get(2), "ce_replayof")).isEqualTo(webhook.id());
    assertThat(output)
        .contains(
            "rerun=" + rerun,
            "replayed 1 of 1 selected record(s) of slipway.webhook, as rerun " + rerun);
    planEveryReplayOf(delivery, compiler);
    planEveryReplayOf(delivery, compiler);

    List<String> afterRerun = plannedRunIds(delivery);
    List<String> rerunIds = planned.stream().map(runId -> Planner.rerunId(runId, rerun)).toList();
    assertThat(afterRerun).containsOnlyElementsOf(concat(planned, rerunIds));
    assertThat(afterRerun).containsAll(rerunIds);
    assertThat(rerunIds).allSatisfy(runId -> assertThat(planned).doesNotContain(runId));
    assertThat(run("trace", delivery))
        .contains(
            "[replay of " + webhook.id() + ", rerun " + rerun + "]", "run " + rerunIds.get(0));
  }

  private static String replayWebhooks(Instant from, String delivery, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                "--topic",
                "slipway.webhook",
                "--from",
                from.toString(),
                "--delivery",
                delivery));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }

  /**
   * The task-compiler's handler, as the service wires it, planning from a {@code .slipway.yml} of
   * two tasks at every commit.
   */
  private static WebhookCompiler compiler() {
    PipelineSource twoTasks =
        new PipelineSource() {
          @Override
          public Optional<String> read(String repository, String sha) {
            return Optional.of(
                "image: alpine:3.20\ntasks:\n  unit:\n    cmds: [make]\n  lint:\n    cmds: [make lint]\n");
          }

          @Override
          public String resolveTag(String repository, String tag) {
            throw new UnsupportedOperationException("no releases here");
          }

          @Override
          public String cloneUrl(String repository) {
            return "file:///" + repository + ".git";
          }
        };
    return WebhookCompiler.standalone(
        new Planner(new Pipelines(twoTasks, 10), new TaskCompiler(Duration.ofMinutes(20))),
        publisher);
  }

  /** Hands every replayed webhook of the delivery to the compiler, as its consumer loop would. */
  private static void planEveryReplayOf(String delivery, WebhookCompiler compiler) {
    for (ConsumerRecord<byte[], byte[]> record : recordsOf(Topics.WEBHOOK.name(), delivery)) {
      if (header(record, "ce_replayof") != null) {
        Envelope<WebhookEvent> envelope = decode(Topics.WEBHOOK, record);
        compiler.handle(
            new ConsumedEvent<>(Topics.WEBHOOK, envelope, record.partition(), record.offset()));
      }
    }
  }

  private static List<String> plannedRunIds(String delivery) {
    return recordsOf(Topics.TASK_SPEC.name(), delivery).stream()
        .map(record -> decode(Topics.TASK_SPEC, record).data())
        .filter(TaskPlanned.class::isInstance)
        .map(data -> ((TaskPlanned) data).runId())
        .toList();
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  @Test
  void aReplayedDeadLetterReachesTheTopicItCameFrom() throws Exception {
    String delivery = UUID.randomUUID().toString();
    String repository = repository();
    Instant from = now().minusSeconds(1);
    var webhook = pullRequestOpenedAt(now(), delivery, repository);
    var planned = unitPlanned(webhook, now());
    // The runner and the reporter both consume the topic, and each dead-letters the record.
    publishDeadLetterOf(Topics.TASK_SPEC, planned, "handler failed: boom", now());
    publishDeadLetterOf(Topics.TASK_SPEC, planned, "handler failed: boom", now());

    String output =
        run(
            "replay",
            "--topic",
            "slipway.dead-letter",
            "--from",
            from.toString(),
            "--repo",
            repository);

    List<ConsumerRecord<byte[], byte[]>> onTopic = recordsOf(Topics.TASK_SPEC.name(), delivery);
    assertThat(onTopic).hasSize(1);
    assertThat(header(onTopic.get(0), "ce_replayof")).isEqualTo(planned.id());
    Envelope<?> decoded = decode(Topics.TASK_SPEC, onTopic.get(0));
    assertThat(decoded.data()).isEqualTo(planned.data());
    assertThat(decoded.causationId()).isEqualTo(webhook.id());
    assertThat(output)
        .contains(
            "which slipway.dead-letter/",
            "re-feeds",
            "replayed 1 of 2 selected record(s) of slipway.dead-letter, skipped 1");
  }

  @Test
  void aDryRunPublishesNothing() {
    String delivery = UUID.randomUUID().toString();
    String repository = repository();
    Instant from = now().minusSeconds(1);
    publish(Topics.WEBHOOK, pullRequestOpenedAt(now(), delivery, repository));

    String output =
        run(
            "replay",
            "--topic",
            "slipway.webhook",
            "--from",
            from.toString(),
            "--repo",
            repository,
            "--dry-run");

    assertThat(output)
        .contains(
            "would replay slipway.webhook/", "dry run: would replay 1 of 1 selected record(s)");
    assertThat(recordsOf(Topics.WEBHOOK.name(), delivery)).hasSize(1);
  }

  /**
   * Publishes the dead letter a service would write for {@code envelope}'s record, without
   * publishing the record.
   */
  /** The envelope a record of {@code topic} holds. */
  private static <E> Envelope<E> decode(Topic<E> topic, ConsumerRecord<byte[], byte[]> record) {
    return TopicSerdes.valueSerde(topic)
        .deserializer()
        .deserialize(topic.name(), record.headers(), record.value());
  }

  private static <E> void publishDeadLetterOf(
      Topic<E> topic, Envelope<E> envelope, String reason, Instant at) {
    publish(
        Topics.DEAD_LETTER,
        Envelope.first(
            "/slipway/build-runner",
            envelope.subject(),
            envelope.correlationId(),
            at,
            DeadLettered.letterOf(topic, envelope, reason)));
  }

  private static List<ConsumerRecord<byte[], byte[]>> recordsOf(String topic, String delivery) {
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (Consumer<byte[], byte[]> consumer = factory.newConsumer(null)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream()
          .anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (delivery.equals(header(record, "ce_correlationid"))) {
            found.add(record);
          }
        }
      }
    }
    found.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
    return found;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static List<String> names(JsonNode nodes) {
    return field(nodes, "name");
  }

  private static List<String> ids(JsonNode nodes) {
    return field(nodes, "id");
  }

  private static List<String> summaries(JsonNode nodes) {
    return field(nodes, "summary");
  }

  private static List<String> field(JsonNode nodes, String name) {
    return StreamSupport.stream(nodes.spliterator(), false)
        .map(node -> node.get(name).asText())
        .toList();
  }
}
