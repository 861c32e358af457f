package dev.slipway.reporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import dev.slipway.events.RunState;
import dev.slipway.testsupport.ReleaseEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which deployment statuses and which {@code slipway/release} summary each release event asks for.
 */
class ReleaseReportsTest {

  static final String REPO = "acme/shop";
  static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";
  static final String RELEASE = "acme-shop-release-3";
  static final String NEWER_RELEASE = "acme-shop-release-4";
  static final ReleaseEvents V3 = new ReleaseEvents(RELEASE, REPO, "v3", SHA, 3);
  static final String BUILD_PAGE = "http://runner.local/releases/" + RELEASE;
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  /** What GitHub would show, applying the ordering rule as the reporter does. */
  private final Map<String, Report> shown = new LinkedHashMap<>();

  private final List<String> written = new ArrayList<>();
  private ReleaseView view = new ReleaseView(BUILD_PAGE, List.of());

  /** The releases the reporter has seen named, by id. */
  private final Map<String, String> tags = new LinkedHashMap<>();

  @Test
  void aReleaseGoesLiveInTwoDatacenters() {
    offer(admitted("dc1"), 0);
    offer(build(RunState.QUEUED), 1);
    offer(build(RunState.STARTED), 2);
    offer(build(RunState.SUCCEEDED), 30);
    offer(pushed("dc1"), 31);
    offer(finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"), 40);
    offer(admitted("dc2"), 41);
    offer(pushed("dc2"), 42);
    offer(finished("dc2", Outcome.ROLLED_OUT, null, "http://dc2.shop.local"), 50);
    offer(new ReleaseCompleted(RELEASE, REPO, "v3", SHA, 3), 51);

    assertThat(written)
        .containsExactly(
            "dc1 QUEUED v3 queued",
            "summary PENDING v3 admitted in dc1",
            "dc1 IN_PROGRESS building v3",
            "summary PENDING v3 building",
            "dc1 IN_PROGRESS rolling out v3",
            "summary PENDING v3 rolling out to dc1",
            "dc1 SUCCESS v3 live",
            "dc2 QUEUED v3 queued",
            "summary PENDING v3 live in dc1, rolling out to dc2",
            "dc2 IN_PROGRESS rolling out v3",
            "dc2 SUCCESS v3 live",
            "summary SUCCESS v3 live in dc1, dc2");
    DesiredDeploymentStatus dc1 = (DesiredDeploymentStatus) shown.get("dc1");
    assertThat(dc1.environmentUrl()).isEqualTo("http://dc1.shop.local");
    assertThat(dc1.logUrl()).isEqualTo(BUILD_PAGE);
    assertThat(dc1.releaseNumber()).isEqualTo(3);
    assertThat(dc1.tag()).isEqualTo("v3");
  }

  @Test
  void redeliveredAndLateEventsChangeNothing() {
    offer(admitted("dc1"), 0);
    offer(build(RunState.STARTED), 2);
    offer(pushed("dc1"), 31);
    offer(finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"), 40);
    int before = written.size();

    offer(admitted("dc1"), 0);
    offer(build(RunState.STARTED), 2);
    offer(pushed("dc1"), 31);
    offer(finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"), 40);
    offer(finished("dc1", Outcome.ROLLED_BACK, "too late", null), 45);

    assertThat(written).hasSize(before);
  }

  @Test
  void aRollbackInTheSecondDatacenterNamesWhatFailedWhereAndTheCoordinatorsVerdictAddsNothing() {
    offer(admitted("dc1"), 0);
    offer(finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"), 40);
    offer(admitted("dc2"), 41);
    offer(finished("dc2", Outcome.ROLLED_BACK, "health /healthz answered 404", null), 50);
    int before = written.size();
    offer(new ReleaseFailed(RELEASE, REPO, "v3", SHA, "dc2", "rolled back"), 51);

    assertThat(written.subList(before - 2, before))
        .containsExactly(
            "dc2 FAILURE rolled back: health /healthz answered 404",
            "summary FAILURE v3 live in dc1, rolled back in dc2: health /healthz answered 404");
    assertThat(written).hasSize(before);
  }

  @Test
  void aFailedBuildFailsTheDeploymentOfTheAdmittedDatacenterAndNoOther() {
    offer(admitted("dc1"), 0);
    offer(build(RunState.STARTED), 2);
    offer(buildEnded(RunState.FAILED, "step 3/7 RUN pip install: exit code 1"), 20);
    offer(new ReleaseFailed(RELEASE, REPO, "v3", SHA, null, "build failed"), 21);

    assertThat(written)
        .endsWith(
            "dc1 FAILURE build failed: step 3/7 RUN pip install: exit code 1",
            "summary FAILURE v3 build failed: step 3/7 RUN pip install: exit code 1");
    assertThat(shown).containsOnlyKeys("dc1", "summary");
  }

  @Test
  void aBuildBeforeAnyKnownAdmissionMovesNoDeployment() {
    offer(build(RunState.STARTED), 2);

    assertThat(written).isEmpty();
  }

  @Test
  void aTimeoutIsAnErrorOnlyWhereTheReleaseWasAdmitted() {
    offer(admitted("dc1"), 0);
    offer(pushed("dc1"), 31);
    offer(new ReleaseTimedOut(RELEASE, REPO, "v3", SHA, "dc1"), 600);

    assertThat(written).endsWith("dc1 ERROR timed out", "summary ERROR v3 timed out in dc1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("releasesThatStopBeforeAnyDatacenter")
  void aReleaseThatStoppedBeforeAnyDatacenterGetsOnlyItsSummary(
      String name, Object event, String summary) {
    tags.put(NEWER_RELEASE, "v4");

    offer(event, 5);

    assertThat(written).containsExactly(summary);
  }

  static Stream<Arguments> releasesThatStopBeforeAnyDatacenter() {
    return Stream.of(
        Arguments.of(
            "superseded by a release whose tag is known",
            new ReleaseSuperseded(RELEASE, REPO, "v3", SHA, NEWER_RELEASE),
            "summary ERROR v3 superseded by v4"),
        Arguments.of(
            "superseded by a release never seen named",
            new ReleaseSuperseded(RELEASE, REPO, "v3", SHA, "acme-shop-release-9"),
            "summary ERROR v3 superseded by a newer release (acme-shop-release-9)"),
        Arguments.of(
            "timed out in a datacenter never seen",
            new ReleaseTimedOut(RELEASE, REPO, "v3", SHA, "dc2"),
            "summary ERROR v3 timed out in dc2"),
        Arguments.of(
            "failed in a datacenter never seen",
            new ReleaseFailed(RELEASE, REPO, "v3", SHA, "dc2", "no image"),
            "summary FAILURE v3 failed in dc2: no image"));
  }

  /** The reasons are the compiler's own (task-compiler's {@code Planner}), not paraphrases. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("skippedReleases")
  void aSkippedReleaseSucceedsWithTheReasonReadOnce(
      String name, String tag, String reason, String summary) {
    offer(new ReleaseSkipped(RELEASE, REPO, tag, SHA, reason), 5);

    assertThat(written).containsExactly("summary SUCCESS " + summary);
  }

  static Stream<Arguments> skippedReleases() {
    return Stream.of(
        Arguments.of(
            "a prerelease",
            "v2.0.0-rc.1",
            "skipped: v2.0.0-rc.1 is a prerelease and release.prereleases is not true",
            "skipped: v2.0.0-rc.1 is a prerelease and release.prereleases is not true"),
        Arguments.of(
            "a draft",
            "v2.0.0-rc.1",
            "skipped: v2.0.0-rc.1 is a draft and release.prereleases is not true",
            "skipped: v2.0.0-rc.1 is a draft and release.prereleases is not true"),
        Arguments.of(
            "a reason that does not name the tag", "v3", "skipped: a draft", "v3 skipped: a draft"),
        Arguments.of("a reason that does not say skipped", "v3", "a draft", "v3 skipped: a draft"),
        Arguments.of("no reason", "v3", null, "v3 skipped"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomesInADatacenter")
  void eachOutcomeInADatacenterShowsOnItsDeploymentAndTheSummary(
      String name, Object event, String deployment, String summary) {
    offer(admitted("dc1"), 0);
    offer(pushed("dc1"), 31);
    written.clear();

    offer(event, 40);

    assertThat(written).containsExactly(deployment, summary);
  }

  static Stream<Arguments> outcomesInADatacenter() {
    return Stream.of(
        Arguments.of(
            "rolled back",
            finished("dc1", Outcome.ROLLED_BACK, "health /healthz answered 404", null),
            "dc1 FAILURE rolled back: health /healthz answered 404",
            "summary FAILURE v3 rolled back in dc1: health /healthz answered 404"),
        Arguments.of(
            "failed",
            finished("dc1", Outcome.FAILED, "image pull failed", null),
            "dc1 FAILURE failed: image pull failed",
            "summary FAILURE v3 failed in dc1: image pull failed"),
        Arguments.of(
            "coordinator failed it",
            new ReleaseFailed(RELEASE, REPO, "v3", SHA, "dc1", "deployer gone"),
            "dc1 FAILURE deployer gone",
            "summary FAILURE v3 failed in dc1: deployer gone"),
        Arguments.of(
            "timed out",
            new ReleaseTimedOut(RELEASE, REPO, "v3", SHA, "dc1"),
            "dc1 ERROR timed out",
            "summary ERROR v3 timed out in dc1"),
        Arguments.of(
            "build timed out",
            buildEnded(RunState.TIMED_OUT, "30m"),
            "dc1 ERROR build timed out: 30m",
            "summary ERROR v3 build timed out: 30m"),
        Arguments.of(
            "platform failed, its details stay off GitHub",
            buildEnded(RunState.ERROR, "registry.internal:5000: connection refused"),
            "dc1 ERROR build: infrastructure error, see the build page",
            "summary ERROR v3 build: infrastructure error, see the build page"));
  }

  @Test
  void theDeployersRollbackReadsCauseFirstAndNamesThePreviousReleaseByItsTag() {
    tags.put("acme-shop-release-2", "v2");
    offer(admitted("dc1"), 0);
    offer(finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"), 40);
    offer(admitted("dc2"), 41);
    offer(pushed("dc2"), 42);
    written.clear();

    offer(
        finished(
            "dc2",
            Outcome.ROLLED_BACK,
            "GET /healthz failed on 2 of 2 replicas within 20s: HTTP 404; rolled back to release acme-shop-release-2",
            null),
        50);

    assertThat(written)
        .containsExactly(
            "dc2 FAILURE rolled back: GET /healthz failed on 2 of 2 replicas within 20s: HTTP 404; rolled back to v2",
            "summary FAILURE v3 live in dc1, rolled back in dc2: GET /healthz failed on 2 of 2 replicas within 20s: "
                + "HTTP 404; rolled back to v2");
  }

  /**
   * The longest texts the deployer and the coordinator write today, with a long tag, long
   * datacenter names and a release live elsewhere: every description fits GitHub's 140 characters
   * and what failed, where, and why comes before any cut.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("longestOutcomes")
  void everyReleaseDescriptionFitsGitHubWithWhatFailedWhereAndWhyFirst(
      String name, Object outcome, String cause) {
    List<Report> reports = new ArrayList<>();
    ReleaseView longView = new ReleaseView(BUILD_PAGE, List.of());
    for (Object event :
        List.of(
            admittedAs(LONG_TAG, "eu-central-1"),
            finishedAs(LONG_TAG, "eu-central-1", Outcome.ROLLED_OUT, null),
            admittedAs(LONG_TAG, "ap-southeast-2"),
            outcome)) {
      for (Report report :
          ReleaseReports.plan(event, T0, "delivery-3", longView, ReleaseReports.Tags.NONE)) {
        reports.add(report);
        if (report instanceof DesiredDeploymentStatus deployment) {
          longView = longView.with(deployment);
        }
      }
    }

    assertThat(reports)
        .extracting(ReleaseReportsTest::description)
        .allSatisfy(
            text -> assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(140));
    String summary = description(reports.get(reports.size() - 1));
    assertThat(summary)
        .startsWith(LONG_TAG + " live in eu-central-1, ")
        .contains("ap-southeast-2", cause);
    assertThat(description(reports.get(reports.size() - 2))).contains(cause);
  }

  static final String LONG_TAG = "v2026.11.30-hotfix.2";

  static Stream<Arguments> longestOutcomes() {
    String id = "release-3f2a9c1e0d3b5a697887";
    return Stream.of(
        Arguments.of(
            "podman health check, rolled back",
            finishedAs(
                LONG_TAG,
                "ap-southeast-2",
                Outcome.ROLLED_BACK,
                "GET /healthz failed on 2 of 2 replicas within 20s: HTTP 404; rolled back to release "
                    + id),
            "GET /healthz failed on 2 of 2 replicas within 20s: HTTP 404"),
        Arguments.of(
            "kubernetes readiness, rollback not available",
            finishedAs(
                LONG_TAG,
                "ap-southeast-2",
                Outcome.FAILED,
                "readiness GET /healthz passed on 0/2 replicas within 300s (0/2 updated); the rollback to release "
                    + id
                    + " did not become available either: 1/2 replicas available"),
            "readiness GET /healthz passed on 0/2 replicas within 300s"),
        Arguments.of(
            "no previous release",
            finishedAs(
                LONG_TAG,
                "ap-southeast-2",
                Outcome.FAILED,
                "GET /healthz answered HTTP 503; no previous release to roll back to, 2 podman containers "
                    + "slipway-ap-southeast-2-shop-"
                    + id
                    + "-* removed"),
            "GET /healthz answered HTTP 503"),
        Arguments.of(
            "the coordinator's timeout",
            new ReleaseTimedOut(RELEASE, REPO, LONG_TAG, SHA, "ap-southeast-2"),
            "timed out"));
  }

  private static String description(Report report) {
    return report instanceof DesiredDeploymentStatus deployment
        ? deployment.description()
        : ((DesiredStatus) report).description();
  }

  @Test
  void onlyReleaseEventsAreAboutARelease() {
    assertThat(ReleaseReports.about(admitted("dc1")))
        .contains(new ReleaseReports.Release(REPO, RELEASE, SHA));
    assertThat(ReleaseReports.about(Events.run(REPO, SHA, "unit", RunState.QUEUED, T0))).isEmpty();
  }

  private void offer(Object event, long second) {
    ReleaseReports.named(event).ifPresent(name -> tags.put(name.releaseId(), name.tag()));
    ReleaseReports.Tags known = (repository, releaseId) -> Optional.ofNullable(tags.get(releaseId));
    for (Report report :
        ReleaseReports.plan(event, T0.plusSeconds(second), "delivery-3", view, known)) {
      String where = report instanceof DesiredDeploymentStatus d ? d.key().datacenter() : "summary";
      if (Ordering.judge(report, shown.get(where)) != Ordering.Verdict.NEWER) {
        continue;
      }
      shown.put(where, report);
      if (report instanceof DesiredDeploymentStatus deployment) {
        view = view.with(deployment);
        written.add(where + " " + deployment.state() + " " + deployment.description());
      } else {
        DesiredStatus status = (DesiredStatus) report;
        assertThat(status.key()).isEqualTo(new StatusKey(REPO, SHA, "slipway/release"));
        written.add(where + " " + status.state() + " " + status.description());
      }
    }
  }

  static ReleaseAdmitted admitted(String datacenter) {
    return V3.admitted(datacenter);
  }

  static ReleaseAdmitted admittedAs(String tag, String datacenter) {
    return tagged(tag).admitted(datacenter);
  }

  static DeploymentFinished finishedAs(
      String tag, String datacenter, Outcome outcome, String detail) {
    return tagged(tag)
        .finished(
            datacenter,
            outcome,
            detail,
            outcome == Outcome.ROLLED_OUT ? "http://shop.local" : null);
  }

  static ReleaseBuildStateChanged build(RunState to) {
    return buildEnded(to, null);
  }

  static ReleaseBuildStateChanged buildEnded(RunState to, String detail) {
    Instant at =
        to == RunState.STARTED ? T0.plusSeconds(2) : T0.plusSeconds(to == RunState.QUEUED ? 1 : 20);
    return new ReleaseBuildStateChanged(RELEASE, REPO, "v3", SHA, null, to, detail, BUILD_PAGE, at);
  }

  static ImagePushed pushed(String datacenter) {
    return V3.pushed(datacenter);
  }

  static DeploymentFinished finished(
      String datacenter, Outcome outcome, String detail, String serviceUrl) {
    return V3.finished(datacenter, outcome, detail, serviceUrl);
  }

  /** The release under test, published as {@code tag}. */
  private static ReleaseEvents tagged(String tag) {
    return new ReleaseEvents(RELEASE, REPO, tag, SHA, 3);
  }
}
