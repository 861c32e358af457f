package dev.slipway.reporter.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.DeploymentKey;
import dev.slipway.reporter.domain.DeploymentStep;
import dev.slipway.reporter.domain.DesiredDeploymentStatus;
import dev.slipway.reporter.domain.DesiredStatus;
import dev.slipway.reporter.domain.Progress;
import dev.slipway.reporter.domain.ReleaseName;
import dev.slipway.reporter.domain.ReleaseNames;
import dev.slipway.reporter.domain.StatusJournal;
import dev.slipway.reporter.domain.StatusKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesStatusJournalTest {

  private static final Instant NOW = Instant.parse("2025-03-20T10:00:00Z");
  private static final String SHA = "4f2a9c1e0d3b";
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final DesiredStatus UNIT_QUEUED =
      status("slipway/unit", CommitState.PENDING, "queued", Progress.QUEUED, NOW);
  private static final DesiredStatus UNIT_PASSED =
      status("slipway/unit", CommitState.SUCCESS, "passed in 3s", Progress.FINISHED, NOW);
  private static final DesiredStatus LINT_QUEUED =
      status("slipway/lint", CommitState.PENDING, "queued", Progress.QUEUED, NOW);

  @TempDir Path dir;

  @Test
  void remembersTheLastAcceptedAndSettledStatusPerKeyAcrossRestarts() throws Exception {
    journalled(
        journal -> {
          journal.accepted(UNIT_QUEUED);
          journal.settled(UNIT_QUEUED);
          journal.accepted(UNIT_PASSED);
          journal.accepted(LINT_QUEUED);
        });

    StatusJournal.Contents contents = afterARestart();

    assertThat(contents.accepted()).containsValues(UNIT_PASSED, LINT_QUEUED).hasSize(2);
    assertThat(contents.settled()).containsValues(UNIT_QUEUED).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("statuses.jsonl"))).as("compacted").hasSize(3);
  }

  @Test
  void aKilledReporterKeepsWhatItRecordedBeforeTheLinesWereForced() throws Exception {
    JsonLinesStatusJournal killed = journal();
    killed.load();
    killed.accepted(UNIT_QUEUED);
    killed.settled(UNIT_QUEUED);
    killed.accepted(UNIT_PASSED);

    // Neither synced nor closed: the operating system holds what was appended.
    StatusJournal.Contents contents = afterARestart();

    assertThat(contents.accepted()).containsValues(UNIT_PASSED).hasSize(1);
    assertThat(contents.settled()).containsValues(UNIT_QUEUED).hasSize(1);
  }

  @Test
  void aLineCutShortByACrashIsSkippedAndTheRestKept() throws Exception {
    journalled(journal -> journal.accepted(UNIT_PASSED));
    Files.writeString(
        dir.resolve("statuses.jsonl"),
        "{\"kind\":\"accepted\",\"repos",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    assertThat(afterARestart().accepted()).containsOnlyKeys(UNIT_PASSED.key());
  }

  @Test
  void forgetsWrittenStatusesOlderThanTheRetentionButNeverUnwrittenOnes() throws Exception {
    Instant old = NOW.minus(Duration.ofDays(20));
    DesiredStatus writtenLongAgo =
        status("slipway/unit", CommitState.SUCCESS, "passed", Progress.FINISHED, old);
    DesiredStatus neverWritten =
        status("slipway/lint", CommitState.FAILURE, "E1", Progress.FINISHED, old);
    journalled(
        journal -> {
          journal.accepted(writtenLongAgo);
          journal.settled(writtenLongAgo);
          journal.accepted(neverWritten);
        });

    StatusJournal.Contents contents = afterARestart();
    assertThat(contents.accepted()).containsOnlyKeys(neverWritten.key());
    assertThat(contents.settled()).isEmpty();
  }

  @Test
  void remembersDeploymentStatusesAndTheIdOfEachDeployment() throws Exception {
    DeploymentKey dc1 = new DeploymentKey("acme/shop", "release-3", "dc1");
    DesiredDeploymentStatus queued =
        deploymentStatus(dc1, "v3", 3, DeploymentStep.ADMITTED, "v3 queued", null);
    DesiredDeploymentStatus live =
        queued.next(
            DeploymentStep.LIVE,
            "v3 live",
            "http://dc1.shop.local",
            "http://runner.local/releases/3",
            NOW.plusSeconds(40),
            "delivery-3");
    journalled(
        journal -> {
          journal.accepted(UNIT_PASSED);
          journal.accepted(queued);
          journal.deploymentCreated(dc1, 4711);
          journal.settled(queued);
          journal.accepted(live);
        });

    StatusJournal.Contents contents = afterARestart();
    assertThat(contents.accepted())
        .containsEntry(dc1, live)
        .containsEntry(UNIT_PASSED.key(), UNIT_PASSED);
    assertThat(contents.settled()).containsOnly(Map.entry(dc1, queued));
    assertThat(contents.deployments()).containsOnly(Map.entry(dc1, 4711L));
    assertThat(afterARestart().deployments())
        .as("kept through a second compaction")
        .containsEntry(dc1, 4711L);
  }

  @Test
  void remembersWhichDeploymentAPersonCreatedForAStatusNotWrittenYet() throws Exception {
    DeploymentKey dc1 = new DeploymentKey("acme/shop", "op-7f3c", "dc1");
    DesiredDeploymentStatus refused =
        deploymentStatus(
            dc1,
            null,
            0,
            DeploymentStep.ERROR,
            "not deployed: v2 never rolled out anywhere",
            9001L);
    journalled(journal -> journal.accepted(refused));

    assertThat(afterARestart().accepted()).containsOnly(Map.entry(dc1, refused));
  }

  @Test
  void remembersTheNewestReleaseNamesAcrossRestartsAndForgetsTheOldestBeyondTheCapacity()
      throws Exception {
    journalled(
        journal -> {
          for (int i = 0; i <= ReleaseNames.CAPACITY; i++) {
            journal.releaseNamed(new ReleaseName("acme/shop", "release-" + i, "v1." + i));
          }
          journal.releaseNamed(new ReleaseName("acme/shop", "release-5", "v1.5-renamed"));
        });

    List<ReleaseName> names = afterARestart().releaseNames();
    assertThat(afterARestart().releaseNames())
        .as("kept through a second compaction")
        .isEqualTo(names);

    assertThat(names).hasSize(ReleaseNames.CAPACITY);
    assertThat(names.get(0))
        .as("the oldest of 1001 forgotten")
        .isEqualTo(new ReleaseName("acme/shop", "release-1", "v1.1"));
    assertThat(names.get(names.size() - 1))
        .isEqualTo(new ReleaseName("acme/shop", "release-5", "v1.5-renamed"));
    assertThat(names).contains(new ReleaseName("acme/shop", "release-1000", "v1.1000"));
  }

  /** Runs {@code writes} on a journal just loaded, then closes it as a stop would. */
  private void journalled(Writes writes) throws IOException {
    try (JsonLinesStatusJournal journal = journal()) {
      journal.load();
      writes.on(journal);
    }
  }

  /** What the journal loads when started again. */
  private StatusJournal.Contents afterARestart() throws IOException {
    try (JsonLinesStatusJournal journal = journal()) {
      return journal.load();
    }
  }

  @FunctionalInterface
  private interface Writes {
    void on(JsonLinesStatusJournal journal) throws IOException;
  }

  private JsonLinesStatusJournal journal() {
    return new JsonLinesStatusJournal(dir, Duration.ofDays(14), CLOCK);
  }

  /**
   * A deployment status as first accepted, before the release has a URL or a log; a release's tag
   * here always points at {@code SHA}.
   */
  private static DesiredDeploymentStatus deploymentStatus(
      DeploymentKey key,
      String tag,
      int releaseNumber,
      DeploymentStep step,
      String description,
      Long githubDeploymentId) {
    return new DesiredDeploymentStatus(
        key,
        tag,
        tag == null ? null : SHA,
        releaseNumber,
        step,
        description,
        null,
        null,
        NOW,
        "delivery-" + releaseNumber,
        githubDeploymentId);
  }

  private static DesiredStatus status(
      String context, CommitState state, String description, Progress progress, Instant at) {
    return new DesiredStatus(
        new StatusKey("acme/shop", SHA, context),
        state,
        description,
        "http://runner.local/runs/1",
        "run-" + context,
        progress,
        at,
        "delivery-1");
  }
}
