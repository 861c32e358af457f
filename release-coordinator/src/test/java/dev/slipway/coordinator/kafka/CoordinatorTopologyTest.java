package dev.slipway.coordinator.kafka;

import static dev.slipway.coordinator.domain.ReleaseFixtures.PUBLISHED;
import static dev.slipway.coordinator.domain.ReleaseFixtures.build;
import static dev.slipway.coordinator.domain.ReleaseFixtures.deployed;
import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static dev.slipway.events.DeploymentFinished.Outcome.ROLLED_OUT;
import static dev.slipway.events.ReleaseRequested.QueueMode.SUPERSEDE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.DeadLetterEvent;
import dev.slipway.events.DeployedEvent;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskSpecEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CoordinatorTopologyTest {

  private static final String REPO = "acme/shop";
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(30);

  private final CoordinatorHarness lanes = new CoordinatorHarness(STEP_TIMEOUT);

  @AfterEach
  void close() {
    lanes.close();
  }

  /**
   * Scenarios as scripts: one step a line, then {@code =>} and the decisions it must publish
   * (separated by {@code ;}, none when empty); after every step nothing else may have been
   * published.
   */
  static Stream<Arguments> scenarios() {
    return Stream.of(
        scenario(
            "one release at a time per lane",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "request 2 SUPERSEDE dc1 =>",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1; admitted r2 v2 dc1",
            "deploy 2 dc1 ROLLED_OUT => completed r2 v2"),
        scenario(
            "three published together: the first goes, the second is superseded, the third goes next",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "request 2 SUPERSEDE dc1 =>",
            "request 3 SUPERSEDE dc1 =>",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1; superseded r2 by r3; admitted r3 v3 dc1"),
        scenario(
            "every older waiting release is superseded by the newest",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "request 2 SUPERSEDE dc1 =>",
            "request 3 SUPERSEDE dc1 =>",
            "request 4 SUPERSEDE dc1 =>",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1; superseded r2 by r4; superseded r3 by r4; admitted r4 v4 dc1"),
        scenario(
            "queue mode admits every release in publish order",
            "request 1 QUEUE dc1 => admitted r1 v1 dc1",
            "request 2 QUEUE dc1 =>",
            "request 3 QUEUE dc1 =>",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1; admitted r2 v2 dc1",
            "deploy 2 dc1 ROLLED_OUT => completed r2 v2; admitted r3 v3 dc1"),
        scenario(
            "waiting releases go in publish order, not arrival order; numbers follow arrival",
            "request 1 QUEUE dc1 => admitted r1 v1 dc1",
            "request 3 QUEUE dc1 =>",
            "request 2 QUEUE dc1 =>",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1; admitted r2 v3 dc1"),
        scenario(
            "a late request older than an admitted release is superseded at once",
            "request 2 SUPERSEDE dc1 => admitted r2 v1 dc1",
            "request 1 SUPERSEDE dc1 => superseded r1 by r2"),
        scenario(
            "the next datacenter only after rolling out in the previous one",
            "request 1 SUPERSEDE dc1 dc2 => admitted r1 v1 dc1",
            "deploy 1 dc2 ROLLED_OUT =>",
            "deploy 1 dc1 ROLLED_OUT => admitted r1 v1 dc2",
            "deploy 1 dc2 ROLLED_OUT => completed r1 v1"),
        scenario(
            "the next release takes the first datacenter while the previous one deploys to the second",
            "request 1 SUPERSEDE dc1 dc2 => admitted r1 v1 dc1",
            "request 2 SUPERSEDE dc1 dc2 =>",
            "deploy 1 dc1 ROLLED_OUT => admitted r1 v1 dc2; admitted r2 v2 dc1",
            "deploy 2 dc1 ROLLED_OUT =>",
            "deploy 1 dc2 ROLLED_OUT => completed r1 v1; admitted r2 v2 dc2"),
        scenario(
            "a failure in the first datacenter stops the release before the second",
            "request 1 QUEUE dc1 dc2 => admitted r1 v1 dc1",
            "request 2 QUEUE dc1 dc2 =>",
            "deploy 1 dc1 FAILED => failed r1 dc1; admitted r2 v2 dc1",
            "deploy 1 dc2 ROLLED_OUT =>"),
        scenario(
            "a roll-back in the first datacenter stops the release before the second",
            "request 1 QUEUE dc1 dc2 => admitted r1 v1 dc1",
            "deploy 1 dc1 ROLLED_BACK => failed r1 dc1",
            "deploy 1 dc2 ROLLED_OUT =>"),
        scenario(
            "a release without an outcome times out and frees the lane",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "request 2 SUPERSEDE dc1 =>",
            "advance PT29M =>",
            "advance PT1M10S => timed-out r1 dc1; admitted r2 v2 dc1",
            "deploy 1 dc1 ROLLED_OUT =>"),
        scenario(
            "build progress postpones the timeout",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "advance PT25M =>",
            "build 1 SUCCEEDED =>",
            "advance PT10M =>",
            "advance PT30M => timed-out r1 dc1"),
        scenario(
            "outcomes of unknown, waiting and finished releases are ignored",
            "request 1 SUPERSEDE dc1 dc2 => admitted r1 v1 dc1",
            "request 2 SUPERSEDE dc1 dc2 =>",
            "deploy 9 dc1 FAILED =>",
            "build 9 FAILED =>",
            "deploy 2 dc1 FAILED =>",
            "build 2 FAILED =>",
            "deploy 1 dc1 ROLLED_BACK => failed r1 dc1; admitted r2 v2 dc1",
            "deploy 1 dc1 ROLLED_OUT =>",
            "build 1 ERROR =>"),
        scenario(
            "a request naming no datacenter fails at once",
            "request 1 SUPERSEDE => failed r1 none"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(String name, List<String> steps) {
    for (String step : steps) {
      String[] actionAndDecisions = step.split("=>", -1);
      perform(actionAndDecisions[0].trim().split(" "));
      String decisions = actionAndDecisions[1].trim();
      expect(decisions.isEmpty() ? new String[0] : decisions.split("; "));
    }
  }

  private static Arguments scenario(String name, String... steps) {
    return Arguments.of(name, List.of(steps));
  }

  private void perform(String[] words) {
    switch (words[0]) {
      case "request":
        request(
            Integer.parseInt(words[1]),
            QueueMode.valueOf(words[2]),
            Arrays.copyOfRange(words, 3, words.length));
        break;
      case "deploy":
        deploy(Integer.parseInt(words[1]), words[2], DeploymentFinished.Outcome.valueOf(words[3]));
        break;
      case "build":
        lanes.publish(
            build(REPO, releaseId(REPO, Integer.parseInt(words[1])), RunState.valueOf(words[2])),
            REPO);
        break;
      case "advance":
        lanes.advance(Duration.parse(words[1]));
        break;
      default:
        throw new IllegalArgumentException("unknown step " + String.join(" ", words));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = RunState.class,
      names = {"FAILED", "ERROR", "TIMED_OUT", "CANCELLED"})
  void aFailedImageBuildStopsTheRelease(RunState buildEnd) {
    request(1, SUPERSEDE, "dc1", "dc2");
    request(2, SUPERSEDE, "dc1", "dc2");
    expect("admitted r1 v1 dc1");

    lanes.publish(build(REPO, releaseId(REPO, 1), buildEnd), REPO);
    expect("failed r1 dc1", "admitted r2 v2 dc1");
  }

  @ParameterizedTest
  @EnumSource(
      value = RunState.class,
      names = {"QUEUED", "STARTED", "SUCCEEDED"})
  void buildProgressDecidesNothing(RunState progress) {
    request(1, SUPERSEDE, "dc1");
    expect("admitted r1 v1 dc1");

    lanes.publish(build(REPO, releaseId(REPO, 1), progress), REPO);
    expect();
  }

  @Test
  void duplicateEventsChangeNothing() {
    Envelope<TaskSpecEvent> first =
        lanes.publish(release(REPO, 1, SUPERSEDE, "dc1", "dc2"), REPO, "delivery-1");
    lanes.republishRequest(first);
    lanes.publish(release(REPO, 1, SUPERSEDE, "dc1", "dc2"), REPO, "delivery-1-redelivered");
    expect("admitted r1 v1 dc1");

    Envelope<DeployedEvent> rolledOut =
        lanes.publish(deployed(REPO, releaseId(REPO, 1), "dc1", ROLLED_OUT), REPO);
    lanes.republishOutcome(rolledOut);
    expect("admitted r1 v1 dc2");

    rollOut(1, "dc2");
    rollOut(1, "dc2");
    lanes.republishRequest(first);
    expect("completed r1 v1");
  }

  @Test
  void releaseNumbersFollowPublishingAndStayWithTheRelease() {
    request(1, SUPERSEDE, "dc1");
    request(2, SUPERSEDE, "dc1");
    request(3, SUPERSEDE, "dc1");
    rollOut(1, "dc1");
    rollOut(3, "dc1");
    request(4, SUPERSEDE, "dc1");

    assertThat(lanes.released())
        .extracting(envelope -> envelope.data())
        .filteredOn(ReleaseAdmitted.class::isInstance)
        .extracting(event -> ((ReleaseAdmitted) event).releaseNumber())
        .containsExactly(1, 3, 4);
    expect();
  }

  /**
   * GitHub's {@code published_at} has whole seconds. Two releases published in the same second go
   * in the order they arrived (the order of their webhooks), whatever their ids.
   */
  @Test
  void releasesPublishedInTheSameSecondGoInArrivalOrder() {
    lanes.publish(release(REPO, 9, PUBLISHED, SUPERSEDE, "dc1"), REPO, "delivery-9");
    lanes.publish(release(REPO, 2, PUBLISHED, SUPERSEDE, "dc1"), REPO, "delivery-2");
    expect("admitted r9 v1 dc1");

    rollOut(9, "dc1");

    expect("completed r9 v1", "admitted r2 v2 dc1");
  }

  @Test
  void lanesOfDifferentRepositoriesAreIndependent() {
    request(1, SUPERSEDE, "dc1");
    lanes.publish(release("acme/billing", 1, SUPERSEDE, "dc1"), "acme/billing", "delivery-billing");

    assertThat(lanes.released())
        .extracting(Envelope::subject)
        .containsExactly(REPO, "acme/billing");
    expect();
  }

  @Test
  void everyDecisionCarriesTheCorrelationIdOfTheWebhookThatStartedItsRelease() {
    request(1, SUPERSEDE, "dc1");
    request(2, SUPERSEDE, "dc1");
    request(3, SUPERSEDE, "dc1");
    Envelope<DeployedEvent> outcome =
        lanes.publish(deployed(REPO, releaseId(REPO, 1), "dc1", ROLLED_OUT), REPO);

    List<Envelope<ReleaseEvent>> released = lanes.released();
    assertThat(released)
        .allSatisfy(
            envelope -> {
              assertThat(envelope.correlationId())
                  .isEqualTo("delivery-" + envelope.data().releaseId());
              assertThat(envelope.source()).isEqualTo(CoordinatorHarness.SOURCE);
              assertThat(envelope.subject()).isEqualTo(REPO);
            });
    assertThat(released.subList(1, released.size()))
        .extracting(Envelope::causationId)
        .containsOnly(outcome.id());
    expect();
  }

  @Test
  void otherTaskSpecEventsAreNotTheCoordinatorsBusiness() {
    lanes.publish(new RunsCancelled(REPO, 7, "sha", RunsCancelled.SUPERSEDED), REPO, "delivery-pr");
    expect();
  }

  @Test
  void anUnreadableRecordIsDeadLetteredAndTheNextOneStillDecided() {
    lanes.publishRaw(REPO, "not a cloud event".getBytes(StandardCharsets.UTF_8));
    request(1, SUPERSEDE, "dc1");

    List<Envelope<DeadLetterEvent>> letters = lanes.deadLettered();
    assertThat(letters).hasSize(1);
    DeadLetter letter = (DeadLetter) letters.get(0).data();
    assertThat(letter.topic()).isEqualTo("slipway.task-spec");
    assertThat(letter.reason()).startsWith("unreadable");
    assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
    expect("admitted r1 v1 dc1");
  }

  @Test
  void aRequestLackingItsPublishTimeIsDeadLetteredWithTheReason() {
    ReleaseRequested valid = release(REPO, 1, SUPERSEDE, "dc1");
    ReleaseRequested withoutTime =
        new ReleaseRequested(
            valid.releaseId(),
            REPO,
            valid.tag(),
            valid.sha(),
            valid.cloneUrl(),
            null,
            valid.build(),
            valid.deploy(),
            valid.datacenters(),
            valid.mode());
    lanes.publish(withoutTime, REPO, "delivery-1");

    assertThat(lanes.deadLettered())
        .extracting(envelope -> ((DeadLetter) envelope.data()).reason())
        .containsExactly("ReleaseRequested lacks publishedAt");
    expect();
  }

  private void request(int n, QueueMode mode, String... datacenters) {
    lanes.publish(release(REPO, n, mode, datacenters), REPO, "delivery-" + releaseId(REPO, n));
  }

  private void rollOut(int n, String datacenter) {
    deploy(n, datacenter, ROLLED_OUT);
  }

  private void deploy(int n, String datacenter, DeploymentFinished.Outcome outcome) {
    lanes.publish(deployed(REPO, releaseId(REPO, n), datacenter, outcome), REPO);
  }

  /** Exactly these decisions were published since the last expectation, and nothing else. */
  private void expect(String... decisions) {
    assertThat(lanes.released())
        .extracting(envelope -> describe(envelope.data()))
        .containsExactly(decisions);
    assertThat(lanes.nothingElsePublished()).isTrue();
  }

  private static String describe(ReleaseEvent event) {
    String release = event.releaseId().substring(event.releaseId().lastIndexOf('-') + 1);
    if (event instanceof ReleaseAdmitted admitted) {
      return "admitted " + release + " v" + admitted.releaseNumber() + " " + admitted.datacenter();
    }
    if (event instanceof ReleaseSuperseded superseded) {
      return "superseded "
          + release
          + " by "
          + superseded.supersededBy().substring(superseded.supersededBy().lastIndexOf('-') + 1);
    }
    if (event instanceof ReleaseCompleted completed) {
      return "completed " + release + " v" + completed.releaseNumber();
    }
    if (event instanceof ReleaseFailed failed) {
      return "failed "
          + release
          + " "
          + (failed.datacenter() == null ? "none" : failed.datacenter());
    }
    if (event instanceof ReleaseTimedOut timedOut) {
      return "timed-out " + release + " " + timedOut.datacenter();
    }
    throw new AssertionError("unexpected " + event);
  }
}
