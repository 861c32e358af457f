package dev.slipway.compiler.kafka;

import dev.slipway.compiler.domain.Plan;
import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.domain.PlanningListener;
import dev.slipway.compiler.domain.SourceUnavailableException;
import dev.slipway.compiler.domain.UnreachableRepositories;
import dev.slipway.compiler.domain.WebhookEvents;
import dev.slipway.events.Envelope;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.platform.logging.LogFields;
import dev.slipway.platform.logging.LogScope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code slipway.webhook} events (GitHub's deliveries and the pull-request commands the
 * status-reporter checked) into {@code slipway.task-spec} events. Redelivery is harmless: the
 * planner gives every event a deterministic id. An unreachable repository is retried a few times,
 * then reported to the user, so one dead repository does not hold up its partition (see {@link
 * UnreachableRepositories}). An event too large for its topic is no use retrying either: the
 * pipeline is rejected with the limit instead. A webhook an operator re-published as a rerun
 * ({@code ce_rerun}) is planned as {@link Planner#rerun}. A repository no organisation serves is
 * logged once, not at each of its events.
 *
 * <p>While it plans, the log's MDC has {@code repository}, and {@code run_id} on the line of each
 * published {@code TaskPlanned}.
 */
public final class WebhookCompiler implements EventHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookCompiler.class);

  private final Planner planner;
  private final EventPublisher publisher;
  private final String source;
  private final Clock clock;
  private final UnreachableRepositories unreachable;
  private final int maxEventBytes;
  private final PlanningListener listener;
  private final Set<String> loggedNotServed = ConcurrentHashMap.newKeySet();

  /**
   * @param maxEventBytes serialized bytes of one published event at most; see {@link #tooLarge}
   * @param listener told each try's outcome
   */
  public WebhookCompiler(
      Planner planner,
      EventPublisher publisher,
      String source,
      Clock clock,
      UnreachableRepositories unreachable,
      int maxEventBytes,
      PlanningListener listener) {
    this.planner = planner;
    this.publisher = publisher;
    this.source = source;
    this.clock = clock;
    this.unreachable = unreachable;
    this.maxEventBytes = maxEventBytes;
    this.listener = listener;
  }

  /**
   * A compiler publishing as the service does, with its default attempts, memory of unreachable
   * repositories and event size, but no probe interval, no metrics and nothing kept across
   * restarts: for benchmarks and the tests of other modules that drive one by hand. The service
   * wires its own from its settings ({@code CompilerStartup}).
   */
  public static WebhookCompiler standalone(Planner planner, EventPublisher publisher) {
    return new WebhookCompiler(
        planner,
        publisher,
        "/slipway/task-compiler",
        Clock.systemUTC(),
        new UnreachableRepositories(Clock.systemUTC(), 5, Duration.ofMinutes(10)),
        1_000_000,
        PlanningListener.NONE);
  }

  @Override
  public void handle(ConsumedEvent<?> event) {
    if (!(event.data() instanceof WebhookEvent webhook)) {
      return;
    }
    Plan.Outcome outcome = Plan.Outcome.FAILED;
    try (LogScope fields = LogScope.with(LogFields.REPOSITORY, WebhookEvents.repository(webhook))) {
      outcome = handle(event.envelope(), webhook);
    } finally {
      listener.handled(outcome);
    }
  }

  /**
   * @return the outcome of the plan published
   */
  private Plan.Outcome handle(Envelope<?> cause, WebhookEvent webhook) {
    Plan plan = plan(cause, webhook);
    List<Envelope<TaskSpecEvent>> envelopes = envelopes(cause, plan);
    Optional<String> tooLarge = tooLarge(envelopes);
    if (tooLarge.isPresent()) {
      plan = planner.rejected(webhook, plan.sha(), tooLarge.get());
      envelopes = envelopes(cause, plan);
    }
    log(cause, webhook, plan);
    Optional<String> refused = publish(envelopes);
    if (refused.isPresent()) {
      Plan rejected = planner.rejected(webhook, plan.sha(), refused.get());
      log(cause, webhook, rejected);
      publish(envelopes(cause, rejected))
          .ifPresent(
              reason -> {
                throw new IllegalStateException("the rejection itself was refused: " + reason);
              });
      return rejected.outcome();
    }
    return plan.outcome();
  }

  /** One line per plan; for a repository no organisation serves, one until it is served. */
  private void log(Envelope<?> cause, WebhookEvent webhook, Plan plan) {
    String repository = WebhookEvents.repository(webhook);
    if (plan.outcome() != Plan.Outcome.NOT_SERVED) {
      loggedNotServed.remove(repository);
    } else if (!loggedNotServed.add(repository)) {
      return;
    }
    LOG.info(
        "{} repo={} sha={} pr={} {} correlation={}",
        plan.decision(),
        repository,
        plan.sha(),
        WebhookEvents.pullRequestNumber(webhook),
        WebhookEvents.origin(webhook),
        cause.correlationId());
  }

  /**
   * Whether the repository is read is asked first; should the organisations change meanwhile, a
   * failure to read it is still caught and counted.
   */
  private Plan plan(Envelope<?> cause, WebhookEvent webhook) {
    String repository = WebhookEvents.repository(webhook);
    boolean reads = planner.readsRepository(webhook);
    if (reads) {
      Optional<String> notWorthATry = unreachable.notWorthATry(repository);
      if (notWorthATry.isPresent()) {
        return planner.unreachable(webhook, notWorthATry.get());
      }
    }
    try {
      Plan plan = planOrRerun(cause, webhook);
      if (reads) {
        unreachable.reached(cause.id(), repository);
      }
      return plan;
    } catch (SourceUnavailableException e) {
      UnreachableRepositories.Verdict verdict =
          unreachable.failed(cause.id(), repository, e.getMessage());
      if (verdict.tryAgain()) {
        throw new RetryableException(
            "repository "
                + repository
                + " unreadable (attempt "
                + verdict.attempt()
                + "): "
                + e.getMessage(),
            e);
      }
      return planner.unreachable(webhook, e.getMessage());
    }
  }

  private Plan planOrRerun(Envelope<?> cause, WebhookEvent event) {
    if (event instanceof PullRequestCommand command) {
      return planner.command(command, cause.rerun());
    }
    WebhookReceived webhook = (WebhookReceived) event;
    return cause.rerun() == null
        ? planner.plan(webhook, cause.time())
        : planner.rerun(webhook, cause.time(), cause.rerun());
  }

  private List<Envelope<TaskSpecEvent>> envelopes(Envelope<?> cause, Plan plan) {
    return plan.events().stream()
        .map(
            planned ->
                Envelope.causedBy(cause, planned.id(), source, clock.instant(), planned.event()))
        .toList();
  }

  /**
   * Why one of the events cannot travel, if one cannot. A record above the topic's {@code
   * max.message.bytes} is refused however often it is sent, so it is caught before anything of the
   * plan is published. Measured uncompressed, as serialized one event at a time (never the whole
   * plan at once): the producer compresses, so what passes here also passes the broker.
   */
  private Optional<String> tooLarge(List<Envelope<TaskSpecEvent>> envelopes) {
    for (Envelope<TaskSpecEvent> envelope : envelopes) {
      long bytes = serializedBytes(envelope);
      if (bytes > maxEventBytes) {
        return Optional.of(
            name(envelope.data())
                + " is "
                + bytes
                + " bytes as an event, above the limit of "
                + maxEventBytes
                + " bytes per event on "
                + Topics.TASK_SPEC
                + " (commands, env and Dockerfile travel in it, JSON-escaped)");
      }
    }
    return Optional.empty();
  }

  private static long serializedBytes(Envelope<TaskSpecEvent> envelope) {
    RecordHeaders headers = new RecordHeaders();
    long bytes =
        TopicSerdes.valueSerde(Topics.TASK_SPEC)
            .serializer()
            .serialize(Topics.TASK_SPEC.name(), headers, envelope)
            .length;
    bytes += envelope.key().getBytes(StandardCharsets.UTF_8).length;
    for (Header header : headers) {
      bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
    }
    return bytes;
  }

  private static String name(TaskSpecEvent data) {
    return data instanceof TaskPlanned planned
        ? "task " + planned.task()
        : data.getClass().getSimpleName();
  }

  /**
   * Sends every event before waiting for any acknowledgement: one round trip instead of one per
   * task. The idempotent producer keeps them in order, and each send completes or fails within the
   * producer's delivery timeout.
   *
   * @return why the topic refused an event as too large, which sending it again cannot change (the
   *     topic's limit is below {@code max-event-bytes}); the plan's other events may have been
   *     published
   */
  private Optional<String> publish(List<Envelope<TaskSpecEvent>> envelopes) {
    List<CompletableFuture<RecordMetadata>> acknowledgements =
        envelopes.stream().map(envelope -> publisher.send(Topics.TASK_SPEC, envelope)).toList();
    try {
      CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      for (int i = 0; i < envelopes.size(); i++) {
        if (acknowledgements.get(i).handle((ok, error) -> error).join()
            instanceof RecordTooLargeException) {
          return Optional.of(
              name(envelopes.get(i).data())
                  + " is larger than an event on "
                  + Topics.TASK_SPEC
                  + " may be (the topic's max.message.bytes)");
        }
      }
      throw new RetryableException(
          "could not publish to " + Topics.TASK_SPEC + ": " + e.getCause().getMessage(), e);
    }
    for (Envelope<TaskSpecEvent> envelope : envelopes) {
      try (LogScope run =
          LogScope.with(
              LogFields.RUN_ID,
              envelope.data() instanceof TaskPlanned planned ? planned.runId() : null)) {
        LOG.info(
            "published {} event={} correlation={}",
            describe(envelope.data()).orElseGet(() -> name(envelope.data())),
            envelope.id(),
            envelope.correlationId());
      }
    }
    return Optional.empty();
  }

  /**
   * The log line of a published event; empty for a type without one, which {@code
   * CompilerDescribesEveryEventTest} does not let into the build.
   */
  static Optional<String> describe(TaskSpecEvent data) {
    return LOG_LINES.stream().flatMap(line -> line.of(data).stream()).findFirst();
  }

  private static final List<LogLine<?>> LOG_LINES =
      List.of(
          new LogLine<>(
              TaskPlanned.class,
              "task-planned repo=%s sha=%s task=%s run=%s image-hash=%s",
              event ->
                  values(
                      event.repository(),
                      event.sha(),
                      event.task(),
                      event.runId(),
                      imageHash(event))),
          new LogLine<>(
              RunsCancelled.class,
              "runs-cancelled repo=%s pr=%s keep-sha=%s reason=%s",
              event ->
                  values(
                      event.repository(),
                      event.pullRequestNumber(),
                      event.keepSha(),
                      event.reason())),
          new LogLine<>(
              PipelinePlanned.class,
              "pipeline-planned repo=%s sha=%s has-config=%s tasks=%s",
              event -> values(event.repository(), event.sha(), event.hasConfig(), event.tasks())),
          new LogLine<>(
              PipelineRejected.class,
              "pipeline-rejected repo=%s sha=%s line=%s",
              event -> values(event.repository(), event.sha(), event.line())),
          new LogLine<>(
              ReleaseSkipped.class,
              "release-skipped repo=%s sha=%s tag=%s release=%s reason=%s",
              event ->
                  values(
                      event.repository(),
                      event.sha(),
                      event.tag(),
                      event.releaseId(),
                      event.reason())),
          new LogLine<>(
              ReleaseRequested.class,
              "release-requested repo=%s sha=%s tag=%s release=%s",
              event -> values(event.repository(), event.sha(), event.tag(), event.releaseId())),
          new LogLine<>(
              ReleaseOperationRequested.class,
              "release-operation-requested repo=%s operation=%s ref=%s release-number=%s"
                  + " datacenters=%s requested-by=%s operation-id=%s github-deployment=%s",
              event ->
                  values(
                      event.repository(),
                      event.operation(),
                      event.ref(),
                      event.releaseNumber(),
                      event.datacenters(),
                      event.requestedBy(),
                      event.operationId(),
                      event.githubDeploymentId())));

  private static String imageHash(TaskPlanned planned) {
    return planned.contentHash().substring(0, 12);
  }

  private static Object[] values(Object... values) {
    return values;
  }

  /** How events of one type are logged: a format and the values it fills in, in order. */
  private record LogLine<T extends TaskSpecEvent>(
      Class<T> type, String format, Function<T, Object[]> values) {

    Optional<String> of(TaskSpecEvent data) {
      return type.isInstance(data)
          ? Optional.of(format.formatted(values.apply(type.cast(data))))
          : Optional.empty();
    }
  }
}
