package dev.slipway.coordinator.kafka;

import static dev.slipway.coordinator.domain.ReleaseFixtures.PUBLISHED;
import static dev.slipway.coordinator.domain.ReleaseFixtures.build;
import static dev.slipway.coordinator.domain.ReleaseFixtures.deployed;
import static dev.slipway.coordinator.domain.ReleaseFixtures.deploymentOf;
import static dev.slipway.coordinator.domain.ReleaseFixtures.image;
import static dev.slipway.coordinator.domain.ReleaseFixtures.operation;
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
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOrigin.Operation;
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
import java.util.Locale;
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

  /** Two releases, each rolled out through both datacenters in turn. */
  private static final List<String> V1_THEN_V2_LIVE_IN_DC1_AND_DC2 =
      List.of(
          "request 1 SUPERSEDE dc1 dc2 => admitted r1 v1 dc1",
          "deploy 1 dc1 ROLLED_OUT => admitted r1 v1 dc2",
          "deploy 1 dc2 ROLLED_OUT => completed r1 v1",
          "request 2 SUPERSEDE dc1 dc2 => admitted r2 v2 dc1",
          "deploy 2 dc1 ROLLED_OUT => admitted r2 v2 dc2",
          "deploy 2 dc2 ROLLED_OUT => completed r2 v2");

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
            "request 1 SUPERSEDE => failed r1 none"),
        scenario(
            "a rollback is a new numbered release going through every datacenter in order",
            V1_THEN_V2_LIVE_IN_DC1_AND_DC2,
            "rollback back 1 => admitted back v3 dc1",
            "deploy back dc1 ROLLED_OUT => admitted back v3 dc2",
            "deploy back dc2 ROLLED_OUT => completed back v3"),
        scenario(
            "a rollback waits behind the release in flight",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1",
            "request 2 SUPERSEDE dc1 => admitted r2 v2 dc1",
            "rollback back 1 =>",
            "deploy 2 dc1 ROLLED_OUT => completed r2 v2; admitted back v3 dc1"),
        scenario(
            "in supersede mode a rollback supersedes the releases waiting before it",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1",
            "request 2 SUPERSEDE dc1 => admitted r2 v2 dc1",
            "request 3 SUPERSEDE dc1 =>",
            "rollback back 1 =>",
            "deploy 2 dc1 FAILED => failed r2 dc1; superseded r3 by back; admitted back v4 dc1"),
        scenario(
            "in queue mode a rollback waits for the releases published before it",
            "request 1 QUEUE dc1 => admitted r1 v1 dc1",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1",
            "request 2 QUEUE dc1 => admitted r2 v2 dc1",
            "request 3 QUEUE dc1 =>",
            "rollback back 1 =>",
            "deploy 2 dc1 ROLLED_OUT => completed r2 v2; admitted r3 v3 dc1",
            "deploy 3 dc1 ROLLED_OUT => completed r3 v3; admitted back v4 dc1"),
        scenario(
            "a rollback to one datacenter leaves the others alone",
            "request 1 SUPERSEDE dc1 dc2 => admitted r1 v1 dc1",
            "deploy 1 dc1 ROLLED_OUT => admitted r1 v1 dc2",
            "deploy 1 dc2 ROLLED_OUT => completed r1 v1",
            "rollback back 1 dc2 => admitted back v2 dc2",
            "deploy back dc2 ROLLED_OUT => completed back v2"),
        scenario(
            "a retry goes again from the datacenter where the release stopped",
            "request 1 SUPERSEDE dc1 dc2 => admitted r1 v1 dc1",
            "deploy 1 dc1 ROLLED_OUT => admitted r1 v1 dc2",
            "deploy 1 dc2 FAILED => failed r1 dc2",
            "retry again 1 => admitted again v2 dc2",
            "deploy again dc2 ROLLED_OUT => completed again v2"),
        scenario(
            "a retry of a timed-out release",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "advance PT31M => timed-out r1 dc1",
            "retry again 1 => admitted again v2 dc1"),
        scenario(
            "a person's GitHub deployment of a tag redeploys that release to its environment",
            V1_THEN_V2_LIVE_IN_DC1_AND_DC2,
            "github gh 1.1.0 dc2 => admitted gh v3 dc2",
            "deploy gh dc2 ROLLED_OUT => completed gh v3"),
        scenario(
            "refused operations change nothing",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "rollback early 1 => rejected early",
            "retry early2 1 => rejected early2",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1",
            "retry done 1 => rejected done",
            "rollback nine 9 => rejected nine",
            "rollback far 1 dc3 => rejected far",
            "redeploy where 1 => rejected where",
            "github branch main dc1 => rejected branch",
            "request 2 SUPERSEDE dc1 => admitted r2 v2 dc1",
            "deploy 2 dc1 ROLLED_OUT => completed r2 v2"),
        scenario(
            "two rollbacks at once: the second is refused",
            "request 1 SUPERSEDE dc1 => admitted r1 v1 dc1",
            "deploy 1 dc1 ROLLED_OUT => completed r1 v1",
            "rollback first 1 => admitted first v2 dc1",
            "rollback second 1 => rejected second",
            "deploy first dc1 ROLLED_OUT => completed first v2",
            "rollback third 1 => admitted third v3 dc1"));
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

  /** A scenario that goes on from the steps of {@code given}. */
  private static Arguments scenario(String name, List<String> given, String... steps) {
    return Arguments.of(name, Stream.concat(given.stream(), Stream.of(steps)).toList());
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
        lanes.publish(
            deployed(REPO, idOf(words[1]), words[2], DeploymentFinished.Outcome.valueOf(words[3])),
            REPO);
        break;
      case "rollback":
      case "retry":
      case "redeploy":
        lanes.publish(
            operation(
                REPO,
                words[1],
                Operation.valueOf(words[0].toUpperCase(Locale.ROOT)),
                Integer.parseInt(words[2]),
                Arrays.copyOfRange(words, 3, words.length)),
            REPO,
            "delivery-" + words[1]);
        break;
      case "github":
        lanes.publish(
            deploymentOf(REPO, words[1], words[2], words[3], 42), REPO, "delivery-" + words[1]);
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

  @Test
  void aRollbackDeploysTheEarlierReleasesImageAndSaysWhereItCameFrom() {
    request(1, SUPERSEDE, "dc1");
    rollOut(1, "dc1");
    request(2, SUPERSEDE, "dc1");
    rollOut(2, "dc1");
    lanes.released();

    lanes.publish(operation(REPO, "back", Operation.ROLLBACK, 1), REPO, "delivery-back");

    ReleaseAdmitted admitted = (ReleaseAdmitted) lanes.released().get(0).data();
    assertThat(admitted.releaseNumber()).isEqualTo(3);
    assertThat(admitted.tag()).isEqualTo("1.1.0");
    assertThat(admitted.sha()).isEqualTo("sha1");
    assertThat(admitted.image()).isEqualTo(image(REPO, releaseId(REPO, 1)));
    assertThat(admitted.origin().describe()).isEqualTo("rollback to v1 by alice");
    expect();
  }

  @Test
  void aRetryOfAReleaseWhoseBuildFailedBuildsAgain() {
    request(1, SUPERSEDE, "dc1");
    lanes.publish(build(REPO, releaseId(REPO, 1), RunState.FAILED), REPO);
    lanes.released();

    lanes.publish(operation(REPO, "again", Operation.RETRY, 1), REPO, "delivery-again");

    ReleaseAdmitted admitted = (ReleaseAdmitted) lanes.released().get(0).data();
    assertThat(admitted.releaseId()).isEqualTo("op-again");
    assertThat(admitted.image()).isNull();
    assertThat(admitted.origin().describe()).isEqualTo("retry of v1 by alice");
    expect();
  }

  @Test
  void aRefusalSaysWhyAndAnswersTheGitHubDeploymentThatAsked() {
    request(1, SUPERSEDE, "dc1", "dc2");
    rollOut(1, "dc1");
    rollOut(1, "dc2");
    lanes.released();

    lanes.publish(operation(REPO, "done", Operation.RETRY, 1), REPO, "delivery-done");
    lanes.publish(operation(REPO, "nine", Operation.ROLLBACK, 9), REPO, "delivery-nine");
    lanes.publish(operation(REPO, "far", Operation.ROLLBACK, 1, "dc3"), REPO, "delivery-far");
    lanes.publish(deploymentOf(REPO, "gh", "abc", "dc1", 77), REPO, "delivery-gh");

    List<Envelope<ReleaseEvent>> answers = lanes.released();
    assertThat(answers)
        .extracting(envelope -> ((ReleaseOperationRejected) envelope.data()).reason())
        .containsExactly(
            "v1 succeeded: there is nothing to retry (redeploy it instead)",
            "v9 does not exist: acme/shop's releases go from v1 to v1",
            "dc3 is not one of acme/shop's datacenters (dc1, dc2)",
            "abc is not a release Slipway knows for acme/shop");
    assertThat(answers)
        .extracting(envelope -> ((ReleaseOperationRejected) envelope.data()).githubDeploymentId())
        .containsExactly(null, null, null, 77L);
    assertThat(answers.get(3).correlationId()).isEqualTo("delivery-gh");
    expect();
  }

  @Test
  void anOperationSeenAgainChangesNothing() {
    request(1, SUPERSEDE, "dc1");
    rollOut(1, "dc1");
    lanes.released();
    Envelope<TaskSpecEvent> rollback =
        lanes.publish(operation(REPO, "back", Operation.ROLLBACK, 1), REPO, "delivery-back");
    Envelope<TaskSpecEvent> refused =
        lanes.publish(operation(REPO, "nine", Operation.ROLLBACK, 9), REPO, "delivery-nine");
    expect("admitted back v2 dc1", "rejected nine");

    lanes.republishRequest(rollback);
    lanes.republishRequest(refused);
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

  /** A number names a published release, a word the release an operation of that name made. */
  private static String idOf(String word) {
    return word.chars().allMatch(Character::isDigit)
        ? releaseId(REPO, Integer.parseInt(word))
        : "op-" + word;
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
    if (event instanceof ReleaseOperationRejected) {
      return "rejected " + release;
    }
    if (event instanceof ReleaseTimedOut timedOut) {
      return "timed-out " + release + " " + timedOut.datacenter();
    }
    throw new AssertionError("unexpected " + event);
  }
}
