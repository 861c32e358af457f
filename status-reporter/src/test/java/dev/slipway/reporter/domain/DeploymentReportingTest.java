package dev.slipway.reporter.domain;

import static dev.slipway.reporter.domain.ReleaseReportsTest.NEWER_RELEASE;
import static dev.slipway.reporter.domain.ReleaseReportsTest.RELEASE;
import static dev.slipway.reporter.domain.ReleaseReportsTest.REPO;
import static dev.slipway.reporter.domain.ReleaseReportsTest.SHA;
import static dev.slipway.reporter.domain.ReleaseReportsTest.T0;
import static dev.slipway.reporter.domain.ReleaseReportsTest.admitted;
import static dev.slipway.reporter.domain.ReleaseReportsTest.build;
import static dev.slipway.reporter.domain.ReleaseReportsTest.finished;
import static dev.slipway.reporter.domain.ReleaseReportsTest.pushed;
import static dev.slipway.reporter.domain.StatusReporterTest.awaitIdle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.DeploymentFinished.Outcome;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.RunState;
import dev.slipway.testsupport.ReleaseEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release events through the intake and the reporter to a stateful fake of GitHub's deployments
 * API.
 */
class DeploymentReportingTest {

  private static final String OPERATION = "op-7f3c";

  /** A rollback to v3 that a person asked for, deploying v3's image again. */
  private static final ReleaseEvents ROLLBACK = new ReleaseEvents(OPERATION, REPO, "v3", SHA, 9);

  @TempDir Path stateDir;

  private final RecordingPort commits = new RecordingPort();
  private final RecordingDeployments deployments = new RecordingDeployments();
  private final List<StatusReporter> reporters = new ArrayList<>();
  private final List<String> writesCounted = new CopyOnWriteArrayList<>();
  private final StatusReporter.Listener countWrites =
      new StatusReporter.Listener() {
        @Override
        public void written(Report report, GitHubWrite write) {
          writesCounted.add(write + " written");
        }

        @Override
        public void failed(Report report, GitHubWrite write, GitHubWriteException.Kind kind) {
          writesCounted.add(write + " " + kind);
        }
      };

  @AfterEach
  void stop() throws Exception {
    for (StatusReporter reporter : reporters) {
      reporter.close();
    }
  }

  @Test
  void eachDatacenterGetsOneDeploymentWithItsStatusesInOrder() throws Exception {
    StatusReporter reporter = reporter();
    List<Object> events =
        List.of(
            admitted("dc1"),
            build(RunState.STARTED),
            pushed("dc1"),
            finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"),
            admitted("dc2"),
            pushed("dc2"),
            finished("dc2", Outcome.ROLLED_OUT, null, "http://dc2.shop.local"));
    long[] seconds = {0, 2, 31, 40, 41, 42, 50};
    for (int i = 0; i < events.size(); i++) {
      // One at a time: statuses offered while an earlier one waits are coalesced into the newest.
      int written = i + 1;
      offer(reporter, events.get(i), seconds[i]);
      awaitTrue(() -> deployments.writes().size() == written);
    }
    offer(reporter, admitted("dc1"), 0);
    offer(reporter, finished("dc2", Outcome.ROLLED_OUT, null, "http://dc2.shop.local"), 50);
    awaitIdle(reporter);
    assertThat(writesCounted)
        .as("each request counted by what it wrote")
        .filteredOn(write -> !write.startsWith("COMMIT_STATUS"))
        .containsExactly(
            "DEPLOYMENT written",
            "DEPLOYMENT_STATUS written",
            "DEPLOYMENT_STATUS written",
            "DEPLOYMENT_STATUS written",
            "DEPLOYMENT_STATUS written",
            "DEPLOYMENT written",
            "DEPLOYMENT_STATUS written",
            "DEPLOYMENT_STATUS written",
            "DEPLOYMENT_STATUS written");
    assertThat(writesCounted)
        .as("the slipway/release summaries")
        .contains("COMMIT_STATUS written")
        .allMatch(write -> write.endsWith(" written"));

    assertThat(deployments.deployments())
        .extracting(d -> d.key().datacenter() + " " + d.ref() + " #" + d.releaseNumber())
        .containsExactly("dc1 v3 #3", "dc2 v3 #3");
    assertThat(deployments.writes())
        .extracting(w -> w.key().datacenter() + " " + w.state() + " " + w.description())
        .containsExactly(
            "dc1 QUEUED v3 queued",
            "dc1 IN_PROGRESS building v3",
            "dc1 IN_PROGRESS rolling out v3",
            "dc1 SUCCESS v3 live",
            "dc2 QUEUED v3 queued",
            "dc2 IN_PROGRESS rolling out v3",
            "dc2 SUCCESS v3 live");
    RecordingDeployments.Write live = deployments.writes().get(3);
    assertThat(live.status().environmentUrl()).isEqualTo("http://dc1.shop.local");
    assertThat(live.status().logUrl())
        .as("the build page, from slipway/build")
        .isEqualTo(ReleaseReportsTest.BUILD_PAGE);
  }

  @Test
  void statusesOfferedWhileTheFirstWaitsAreCoalescedIntoTheNewest() throws Exception {
    StatusReporter reporter = reporter();
    deployments.goDown();
    offer(reporter, admitted("dc1"), 0);
    offer(reporter, build(RunState.STARTED), 2);
    offer(reporter, pushed("dc1"), 31);
    offer(reporter, finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"), 40);
    deployments.comeBack();

    awaitIdle(reporter);
    assertThat(deployments.deployments()).hasSize(1);
    assertThat(deployments.writes())
        .extracting(w -> w.state() + " " + w.description())
        .containsExactly("SUCCESS v3 live");
  }

  @Test
  void aDeploymentThatCouldNotBeCreatedIsCountedAsAFailedDeploymentWrite() throws Exception {
    StatusReporter reporter = reporter();
    deployments.goDown();
    offer(reporter, admitted("dc1"), 0);
    awaitTrue(() -> writesCounted.contains("DEPLOYMENT UNAVAILABLE"));
    deployments.comeBack();

    awaitIdle(reporter);
    assertThat(writesCounted)
        .filteredOn(write -> !write.startsWith("COMMIT_STATUS"))
        .containsOnly("DEPLOYMENT UNAVAILABLE", "DEPLOYMENT written", "DEPLOYMENT_STATUS written")
        .endsWith("DEPLOYMENT written", "DEPLOYMENT_STATUS written");
  }

  @Test
  void aRestartedReporterUsesTheJournalledDeploymentAndWritesWhatWasNotWritten() throws Exception {
    StatusReporter first = reporter();
    offer(first, admitted("dc1"), 0);
    awaitTrue(() -> deployments.writes().size() == 1);
    deployments.goDown();
    offer(first, pushed("dc1"), 31);
    first.close();
    deployments.comeBack();
    int listsBefore = deployments.lists();

    StatusReporter second = reporter();
    awaitTrue(() -> deployments.writes().size() == 2);
    assertThat(offer(second, pushed("dc1"), 31)).contains(Ordering.Verdict.UNCHANGED);

    assertThat(deployments.deployments()).hasSize(1);
    assertThat(deployments.lists()).as("the id came from the journal").isEqualTo(listsBefore);
    assertThat(deployments.writes())
        .extracting(RecordingDeployments.Write::description)
        .containsExactly("v3 queued", "rolling out v3");
  }

  @Test
  void aSupersededReleaseNamesTheNewerByTheTagItsRequestGaveEvenAfterARestart() throws Exception {
    StatusReporter first = reporter();
    offer(
        first,
        new ReleaseRequested(
            NEWER_RELEASE,
            REPO,
            "v4",
            "5e3b0d2f",
            "https://github.com/acme/shop.git",
            T0,
            null,
            null,
            List.of("dc1"),
            ReleaseRequested.QueueMode.SUPERSEDE),
        1);
    first.close();

    offer(reporter(), new ReleaseSuperseded(RELEASE, REPO, "v3", SHA, NEWER_RELEASE), 2);
    awaitTrue(() -> commits.writes().size() == 1);

    assertThat(commits.writes())
        .extracting(w -> w.key().context() + " " + w.state() + " " + w.description())
        .containsExactly("slipway/release ERROR v3 superseded by v4");
    assertThat(deployments.deployments()).isEmpty();
  }

  @Test
  void aDeploymentCreatedBeforeTheJournalRecordedItIsFoundNotCreatedAgain() throws Exception {
    long existing = deployments.alreadyHas(new DeploymentKey(REPO, RELEASE, "dc1"), "v3", 3);
    StatusReporter reporter = reporter();

    offer(reporter, admitted("dc1"), 0);
    awaitTrue(() -> deployments.writes().size() == 1);

    assertThat(deployments.deployments()).hasSize(1);
    assertThat(deployments.writes().get(0).deploymentId()).isEqualTo(existing);
  }

  @Test
  void anOperationAskedByCreatingADeploymentIsShownOnThatDeploymentAlsoAfterARestart()
      throws Exception {
    long asked = deployments.alreadyHas(new DeploymentKey(REPO, "asked-by-alice", "dc1"), "v3", 0);
    StatusReporter first = reporter();
    offer(first, rollbackAdmitted(asked), 0);
    // One at a time: offered while the first waits, the second would be coalesced into it.
    awaitTrue(() -> deployments.writes().size() == 1);
    offer(first, ROLLBACK.pushed("dc1"), 1);
    awaitTrue(() -> deployments.writes().size() == 2);
    first.close();

    offer(
        reporter(),
        ROLLBACK.finished("dc1", Outcome.ROLLED_OUT, null, "http://dc1.shop.local"),
        10);
    awaitTrue(() -> deployments.writes().size() == 3);

    assertThat(deployments.deployments()).as("Slipway creates none of its own").hasSize(1);
    assertThat(deployments.writes())
        .extracting(w -> w.deploymentId() + " " + w.state() + " " + w.description())
        .containsExactly(
            asked + " QUEUED v3 queued: rollback to v3 by alice",
            asked + " IN_PROGRESS rolling out v3",
            asked + " SUCCESS v3 live");
  }

  @Test
  void aRefusedOperationEndsTheDeploymentItWasAskedByWithTheReason() throws Exception {
    long asked = deployments.alreadyHas(new DeploymentKey(REPO, "asked-by-alice", "dc1"), "v2", 0);
    StatusReporter reporter = reporter();
    String reason = "v2 never rolled out anywhere: there is nothing to roll back to";

    offer(reporter, rejected(reason, null), 0);
    offer(reporter, rejected(reason, asked), 1);
    awaitTrue(() -> deployments.writes().size() == 1);
    awaitIdle(reporter);

    assertThat(deployments.deployments()).hasSize(1);
    assertThat(deployments.writes())
        .extracting(w -> w.deploymentId() + " " + w.state() + " " + w.description())
        .containsExactly(asked + " FAILURE not deployed: " + reason);
    assertThat(commits.writes()).as("a refusal has no commit to show it on").isEmpty();
  }

  @Test
  void creatingADeploymentCountsAgainstTheWriteBudget() throws Exception {
    StatusReporter reporter =
        reporter(new WriteBudget(List.of(new WriteBudget.Limit(2, Duration.ofHours(1)))));

    offer(reporter, admitted("dc1"), 0);
    awaitTrue(() -> deployments.writes().size() == 1);
    await().until(() -> reporter.heldBackUntil().isPresent());

    assertThat(deployments.deployments()).hasSize(1);
    assertThat(deployments.writes()).hasSize(1);
    assertThat(commits.writes()).as("the summary waits for the budget").isEmpty();
    assertThat(reporter.pending()).isEqualTo(1);
    assertThat(reporter.writesAllowedNow()).isZero();
  }

  private static ReleaseAdmitted rollbackAdmitted(long askedDeployment) {
    return ROLLBACK.admitted(
        "dc1",
        new ReleaseOrigin(ReleaseOrigin.Operation.ROLLBACK, 3, "alice", askedDeployment),
        ROLLBACK.imageReference());
  }

  private static ReleaseOperationRejected rejected(String reason, Long askedDeployment) {
    return new ReleaseOperationRejected(
        askedDeployment == null ? "op-from-the-command-line" : OPERATION,
        REPO,
        "7f3c",
        ReleaseOrigin.Operation.ROLLBACK,
        List.of("dc1"),
        reason,
        askedDeployment);
  }

  /** A reporter whose budget no test reaches. */
  private StatusReporter reporter() throws Exception {
    return reporter(new WriteBudget(List.of(new WriteBudget.Limit(1000, Duration.ofSeconds(1)))));
  }

  private StatusReporter reporter(WriteBudget budget) throws Exception {
    StatusReporter reporter =
        new ReporterBuilder(stateDir)
            .commits(commits)
            .deployments(deployments)
            .budget(budget)
            .listener(countWrites)
            .started();
    reporters.add(reporter);
    return reporter;
  }

  /**
   * Offers {@code event} to {@code reporter} through an intake of its own: an intake keeps nothing,
   * as a restarted service's does not.
   */
  private static Optional<Ordering.Verdict> offer(
      StatusReporter reporter, Object event, long second) throws Exception {
    return new StatusIntake(
            ReporterRouting.only(reporter), Clock.systemUTC(), Duration.ofMinutes(10))
        .offer(event, T0.plusSeconds(second), "delivery-3");
  }

  private static void awaitTrue(BooleanSupplier condition) {
    await().until(condition::getAsBoolean);
  }
}
