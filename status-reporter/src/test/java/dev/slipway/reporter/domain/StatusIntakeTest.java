package dev.slipway.reporter.domain;

import static dev.slipway.reporter.domain.StatusReporterTest.awaitIdle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.RunState;
import dev.slipway.events.WebhookReceived;
import dev.slipway.testsupport.Webhooks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusIntakeTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";
  private static final String OTHER_SHA = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path stateDir;

  private final RecordingPort github = new RecordingPort();
  private StatusReporter reporter;
  private StatusIntake intake;

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    reporter = new ReporterBuilder(stateDir).commits(github).clock(clock).started();
    intake = new StatusIntake(ReporterRouting.only(reporter), clock, Duration.ofMinutes(10));
  }

  @AfterEach
  void stop() throws Exception {
    reporter.close();
  }

  @Test
  void aRepositoryWithoutSlipwayStatusesGetsNoEarlyPendingAndNoNoteAboutAMissingFile()
      throws Exception {
    assertThat(intake.offer(pullRequest(SHA), NOW, "d-1")).isEmpty();
    assertThat(intake.offer(new PipelinePlanned(REPO, SHA, 7, false, List.of()), NOW, "d-1"))
        .isEmpty();
    awaitIdle(reporter);

    assertThat(github.writes()).isEmpty();
  }

  @Test
  void onceARepositoryUsesSlipwayItsPullRequestsShowTheConfigPendingAtOnce() throws Exception {
    intake.offer(new PipelinePlanned(REPO, SHA, 7, true, List.of("unit")), NOW, "d-1");

    assertThat(intake.offer(pullRequest(OTHER_SHA), NOW, "d-2")).contains(Ordering.Verdict.NEWER);
    awaitWrites(2);
    assertThat(
            intake.offer(
                new PipelinePlanned(REPO, OTHER_SHA, 7, false, List.of()),
                NOW.plusMillis(40),
                "d-2"))
        .contains(Ordering.Verdict.NEWER);
    awaitWrites(3);

    assertThat(github.writes())
        .extracting(
            write ->
                write.key().sha().substring(0, 7) + " " + write.state() + " " + write.description())
        .containsExactly(
            "4f2a9c1 SUCCESS 1 task planned: unit",
            "0a1b2c3 PENDING reading .slipway.yml",
            "0a1b2c3 SUCCESS no .slipway.yml at this commit: nothing to run");
  }

  @Test
  void aWebhookReadLongAfterItArrivedShowsNoPending() throws Exception {
    intake.offer(new PipelinePlanned(REPO, SHA, 7, true, List.of("unit")), NOW, "d-1");

    Optional<Ordering.Verdict> late =
        intake.offer(pullRequest(OTHER_SHA), NOW.minus(Duration.ofMinutes(11)), "d-2");

    assertThat(late).isEmpty();
  }

  @Test
  void eventsThatShowNothingOfferNothing() throws Exception {
    assertThat(intake.offer("not an event", NOW, "d-1")).isEmpty();
    assertThat(intake.offer(Events.run(REPO, SHA, "unit", RunState.QUEUED, NOW), NOW, "d-1"))
        .contains(Ordering.Verdict.NEWER);
  }

  private static WebhookReceived pullRequest(String sha) {
    return Webhooks.pullRequest(REPO, 7, sha)
        .action("synchronize")
        .delivery("d-1")
        .sender("octocat")
        .build();
  }

  private void awaitWrites(int count) {
    await().until(() -> github.writes().size() >= count);
    assertThat(github.writes()).hasSize(count);
  }
}
