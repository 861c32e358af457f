package dev.slipway.compiler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.compiler.domain.OneOrganisation;
import dev.slipway.compiler.domain.PipelineSource;
import dev.slipway.compiler.domain.Pipelines;
import dev.slipway.compiler.domain.Plan;
import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.domain.SourceUnavailableException;
import dev.slipway.compiler.domain.TaskCompiler;
import dev.slipway.compiler.domain.UnreachableRepositories;
import dev.slipway.compiler.domain.WebhookEvents;
import dev.slipway.events.Envelope;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.testsupport.Webhooks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

/** The handler alone: what each try counts, what a rerun plans, what the log's MDC holds. */
class WebhookCompilerTest {

  private static final String REPO = "org/shop";
  private static final String SHA = "1111111111111111111111111111111111111111";
  private static final String BROKEN_SHA = "3333333333333333333333333333333333333333";
  private static final Instant AT = Instant.parse("2026-12-01T03:00:00Z");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> repositoryWhileReading = new ArrayList<>();
  private boolean unreachable;

  private final PipelineSource source =
      new PipelineSource() {
        @Override
        public Optional<String> read(String repository, String sha) {
          repositoryWhileReading.add(MDC.get("repository"));
          if (unreachable) {
            throw new SourceUnavailableException("connection refused");
          }
          return Optional.ofNullable(
              Map.of(
                      SHA,
                      "image: alpine\ntasks:\n  lint:\n    cmds: [make lint]\n",
                      BROKEN_SHA,
                      "image: alpine\ntasks:\n  lint:\n    cmd: [make]\n")
                  .get(sha));
        }

        @Override
        public String resolveTag(String repository, String tag) {
          throw new UnsupportedOperationException();
        }

        @Override
        public String cloneUrl(String repository) {
          return "file:///repos/" + repository + ".git";
        }
      };

  private final WebhookCompiler compiler =
      compiler(new Planner(new Pipelines(source, 10), new TaskCompiler(Duration.ofMinutes(20))));

  private WebhookCompiler compiler(Planner planner) {
    return new WebhookCompiler(
        planner,
        new EventPublisher(producer, Duration.ofSeconds(5)),
        "/slipway/task-compiler",
        Clock.systemUTC(),
        new UnreachableRepositories(Clock.systemUTC(), 2, Duration.ofMinutes(10)),
        1_000_000,
        new CompilerMetrics(meters));
  }

  @Test
  void everyOutcomeIsThereFromTheStartAtZero() {
    assertThat(Arrays.stream(Plan.Outcome.values()).map(this::plans))
        .containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(meters.get(CompilerMetrics.FETCH).timer().count()).isZero();
  }

  @Test
  void eachTryIsCountedByItsOutcome() {
    handle(pullRequest("opened", SHA), null);
    handle(Webhooks.ping(REPO).delivery("d-ping").build(), null);
    handle(pullRequest("opened", BROKEN_SHA), null);
    unreachable = true;
    String missing = "f".repeat(40);
    assertThatThrownBy(() -> handle(pullRequest("opened", missing), null))
        .isInstanceOf(RetryableException.class);
    handle(pullRequest("opened", missing), null);

    assertThat(plans(Plan.Outcome.PLANNED)).isEqualTo(1.0);
    assertThat(plans(Plan.Outcome.IGNORED)).isEqualTo(1.0);
    assertThat(plans(Plan.Outcome.REJECTED)).isEqualTo(1.0);
    assertThat(plans(Plan.Outcome.FAILED)).as("the retry, then the rejection").isEqualTo(2.0);
    assertThat(published(PipelineRejected.class))
        .extracting(PipelineRejected::reason)
        .last()
        .asString()
        .startsWith("could not read the repository: connection refused");
  }

  @Test
  void aFetchIsTimed() {
    new CompilerMetrics(meters).fetched(Duration.ofMillis(40));

    assertThat(meters.get(CompilerMetrics.FETCH).timer().count()).isEqualTo(1);
    assertThat(meters.get(CompilerMetrics.FETCH).timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(40.0);
  }

  @Test
  void aWebhookMarkedAsARerunPlansRunIdsOfTheRerunAndAPlainOneTheUsualOnes() {
    WebhookReceived opened = pullRequest("opened", SHA);
    String runId = Planner.runId(REPO, SHA, "lint", Planner.PULL_REQUEST);

    handle(opened, null);
    handle(opened, "rerun-1");
    handle(opened, "rerun-1");

    assertThat(published(TaskPlanned.class))
        .extracting(TaskPlanned::runId)
        .containsExactly(
            runId, Planner.rerunId(runId, "rerun-1"), Planner.rerunId(runId, "rerun-1"));
  }

  static List<Class<?>> typesOnTheWebhookTopic() {
    return Arrays.asList(Topics.WEBHOOK.family().getPermittedSubclasses());
  }

  /** A type added to {@code slipway.webhook} fails here until the compiler plans it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("typesOnTheWebhookTopic")
  void eachTypeOnTheWebhookTopicIsPlanned(Class<?> type) {
    WebhookReceived opened = pullRequest("opened", SHA);
    Map<Class<?>, WebhookEvent> samples =
        Map.of(
            WebhookReceived.class,
            opened,
            PullRequestCommand.class,
            new PullRequestCommand(
                "comment-1",
                PullRequestCommand.Kind.RETEST,
                "lint",
                "bob",
                REPO,
                null,
                (WebhookDetails.PullRequest) opened.details(),
                List.of()));
    assertThat(samples).as("a sample of %s here", type.getSimpleName()).containsKey(type);

    handle(compiler, samples.get(type), null);

    assertThat(plans(Plan.Outcome.PLANNED)).isEqualTo(1.0);
    assertThat(published(TaskPlanned.class))
        .singleElement()
        .satisfies(planned -> assertThat(planned.repository()).isEqualTo(REPO));
  }

  @Test
  void aRepositoryNoOrganisationServesIsCountedEachTimeAndLoggedOnce() {
    List<String> lines = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(WebhookCompiler.class.getName());
    log.addHandler(capture);
    try {
      WebhookCompiler acmeOnly =
          compiler(
              new Planner(
                  new Pipelines(source, 10),
                  new TaskCompiler(Duration.ofMinutes(20)),
                  OneOrganisation.serving("acme", List.of("*"), Duration.ofHours(1), Map.of())));

      handle(acmeOnly, pullRequest("opened", SHA), null);
      handle(acmeOnly, pullRequest("synchronize", SHA), null);

      assertThat(plans(Plan.Outcome.NOT_SERVED)).isEqualTo(2.0);
      assertThat(producer.history()).isEmpty();
      assertThat(repositoryWhileReading).as("nothing read").isEmpty();
      assertThat(lines)
          .filteredOn(line -> line.contains("not served"))
          .hasSize(1)
          .first()
          .asString()
          .startsWith("not served: no organisation is configured for the owner of org/shop");
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void theRepositoryIsInTheMdcWhilePlanningAndGoneAfterwards() {
    handle(pullRequest("opened", SHA), null);

    assertThat(repositoryWhileReading).containsExactly(REPO);
    assertThat(MDC.get("repository")).isNull();
  }

  private double plans(Plan.Outcome outcome) {
    return meters.get(CompilerMetrics.PLANS).tag("outcome", outcome.tag()).counter().count();
  }

  private void handle(WebhookReceived webhook, String rerun) {
    handle(compiler, webhook, rerun);
  }

  private void handle(WebhookCompiler compiler, WebhookEvent webhook, String rerun) {
    Envelope<WebhookEvent> envelope =
        new Envelope<>(
            "event-" + WebhookEvents.id(webhook),
            "/slipway/webhook-gateway",
            REPO,
            AT,
            WebhookEvents.id(webhook),
            null,
            webhook,
            rerun);
    compiler.handle(new ConsumedEvent<>(Topics.WEBHOOK, envelope, 0, 0));
  }

  private <T extends TaskSpecEvent> List<T> published(Class<T> type) {
    List<T> events = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : producer.history()) {
      TaskSpecEvent data =
          TopicSerdes.valueSerde(Topics.TASK_SPEC)
              .deserializer()
              .deserialize(record.topic(), record.headers(), record.value())
              .data();
      if (type.isInstance(data)) {
        events.add(type.cast(data));
      }
    }
    return events;
  }

  private static WebhookReceived pullRequest(String action, String sha) {
    return Webhooks.pullRequest(REPO, 42, sha).action(action).delivery("d-" + sha).build();
  }
}
