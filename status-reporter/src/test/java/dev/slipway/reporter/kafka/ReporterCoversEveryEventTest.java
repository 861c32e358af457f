package dev.slipway.reporter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.reporter.domain.ReleaseReports;
import dev.slipway.reporter.domain.StatusIntake;
import dev.slipway.reporter.domain.StatusMapping;
import dev.slipway.testsupport.DeadLettered;
import dev.slipway.testsupport.ReleaseEvents;
import dev.slipway.testsupport.TaskPlans;
import dev.slipway.testsupport.TaskRuns;
import dev.slipway.testsupport.Webhooks;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event type of every topic the reporter reads either shows something on GitHub or is listed
 * in {@link StatusIntake#SHOWS_NOTHING}: a type added to a family fails here until someone decides.
 */
class ReporterCoversEveryEventTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";
  private static final String RELEASE = "release-3f2a";
  private static final ReleaseEvents RELEASE_V3 = new ReleaseEvents(RELEASE, REPO, "v3", SHA, 3);
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  /**
   * One event of each type, each one that shows something if its type does (a pull request the
   * compiler plans, …).
   */
  private static final Map<Class<?>, Envelope<?>> SAMPLES =
      List.<Envelope<?>>of(
              envelope(pullRequest()),
              envelope(
                  new PullRequestCommand(
                      "delivery-1",
                      PullRequestCommand.Kind.OK_TO_TEST,
                      null,
                      "octocat",
                      REPO,
                      "https://github.com/acme/shop.git",
                      (WebhookDetails.PullRequest) pullRequest().details(),
                      List.of())),
              envelope(
                  TaskPlans.taskPlanned()
                      .runId("run-7")
                      .repository(REPO)
                      .sha(SHA)
                      .task("unit")
                      .build()),
              envelope(new RunsCancelled(REPO, 7, SHA, RunsCancelled.SUPERSEDED)),
              envelope(new PipelinePlanned(REPO, SHA, 7, true, List.of("unit"))),
              envelope(new PipelineRejected(REPO, SHA, 7, "tasks: expected a mapping", 3)),
              envelope(
                  new ReleaseRequested(
                      RELEASE,
                      REPO,
                      "v3",
                      SHA,
                      "https://github.com/acme/shop.git",
                      T0,
                      null,
                      null,
                      List.of("dc1"),
                      ReleaseRequested.QueueMode.SUPERSEDE)),
              envelope(new ReleaseSkipped(RELEASE, REPO, "v3", SHA, "a prerelease")),
              envelope(RELEASE_V3.admitted("dc1")),
              envelope(
                  new ReleaseOperationRequested(
                      "7f3c",
                      REPO,
                      ReleaseOrigin.Operation.ROLLBACK,
                      2,
                      null,
                      List.of("dc1"),
                      "alice",
                      T0,
                      9001L)),
              envelope(
                  new ReleaseOperationRejected(
                      "op-7f3c",
                      REPO,
                      "7f3c",
                      ReleaseOrigin.Operation.ROLLBACK,
                      List.of("dc1"),
                      "v2 never rolled out anywhere: there is nothing to roll back to",
                      9001L)),
              envelope(new ReleaseSuperseded(RELEASE, REPO, "v3", SHA, "release-4b1c")),
              envelope(new ReleaseTimedOut(RELEASE, REPO, "v3", SHA, "dc1")),
              envelope(new ReleaseCompleted(RELEASE, REPO, "v3", SHA, 3)),
              envelope(new ReleaseFailed(RELEASE, REPO, "v3", SHA, "dc1", "rolled back")),
              envelope(
                  TaskRuns.taskRun()
                      .runId("run-7")
                      .repository(REPO)
                      .sha(SHA)
                      .task("unit")
                      .from(RunState.QUEUED, RunState.STARTED)
                      .startedAt(T0)
                      .occurredAt(T0)
                      .build()),
              envelope(
                  new ReleaseBuildStateChanged(
                      RELEASE,
                      REPO,
                      "v3",
                      SHA,
                      RunState.QUEUED,
                      RunState.STARTED,
                      null,
                      "http://runner.local/builds/1",
                      T0)),
              envelope(RELEASE_V3.pushed("dc1")),
              envelope(
                  RELEASE_V3.finished(
                      "dc1", DeploymentFinished.Outcome.ROLLED_OUT, null, "http://dc1.shop.local")),
              compilerGaveUpOn(pullRequest()))
          .stream()
          .collect(Collectors.toMap(sample -> sample.data().getClass(), Function.identity()));

  static List<Class<?>> typesTheReporterReads() {
    return StatusEventConsumer.TOPICS.stream()
        .map(Topic::family)
        .flatMap(family -> Arrays.stream(family.getPermittedSubclasses()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typesTheReporterReads")
  void eachTypeShowsSomethingOrIsListedAsShowingNothing(Class<?> type) {
    assertThat(SAMPLES)
        .as(
            "a sample of %s here; then map it (StatusMapping, ReleaseReports) or list it in StatusIntake.SHOWS_NOTHING",
            type.getSimpleName())
        .containsKey(type);
    boolean listed = StatusIntake.SHOWS_NOTHING.contains(type);

    assertThat(showsSomething(SAMPLES.get(type)))
        .as(
            listed ? "%s is listed as showing nothing" : "%s shows something on GitHub",
            type.getSimpleName())
        .isEqualTo(!listed);
  }

  /** What the consumer hands the intake, and what the intake asks of the mappings. */
  private static boolean showsSomething(Envelope<?> envelope) {
    Object data =
        DeadLetteredWebhooks.planningFailure(envelope)
            .map(Object.class::cast)
            .orElse(envelope.data());
    return StatusMapping.statusFor(data, envelope.time(), envelope.correlationId()).isPresent()
        || ReleaseReports.named(data).isPresent()
        || ReleaseReports.about(data).isPresent()
        || !ReleaseReports.refused(data, envelope.time(), envelope.correlationId()).isEmpty();
  }

  private static Envelope<?> envelope(Object data) {
    return Envelope.first("/slipway/test", REPO, "delivery-1", T0, data);
  }

  private static Envelope<DeadLetter> compilerGaveUpOn(WebhookReceived webhook) {
    Envelope<WebhookEvent> original =
        Envelope.first("/slipway/webhook-gateway", REPO, "delivery-1", T0, webhook);
    DeadLetter letter = DeadLettered.letterOf(Topics.WEBHOOK, original, "handler failed");
    return Envelope.first(DeadLetteredWebhooks.COMPILER_SOURCE, REPO, "delivery-1", T0, letter);
  }

  private static WebhookReceived pullRequest() {
    return Webhooks.pullRequest(REPO, 7, SHA)
        .action("synchronize")
        .delivery("delivery-1")
        .sender("octocat")
        .build();
  }
}
