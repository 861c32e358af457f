package dev.slipway.runner.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.Envelope;
import dev.slipway.events.NormalizedError;
import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.runner.config.RunnerConfig;
import dev.slipway.runner.podman.TestRepository;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.browser.HeadlessChromium;
import dev.slipway.testsupport.registry.LocalRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner on the real broker with podman, the busybox base image in a real local registry. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(RunnerTestResource.class)
class BuildRunnerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SUCCEEDED_RUNS =
      "slipway_runs_duration_seconds_count{outcome=\"succeeded\"}";
  private static final String QUEUE_WAITS = "slipway_runs_queue_wait_seconds_count";
  private static final String STARTED_RUNS = "slipway_runs_active{state=\"started\"}";
  private static TestRepository repository;

  @Inject EventPublisher publisher;
  @Inject TaskImages images;
  @Inject RunnerConfig config;

  @BeforeAll
  static void createRepository() throws Exception {
    repository = TestRepository.create("README", "hello from the repository\n");
  }

  @Test
  void aPassingTaskIsQueuedStartedAndSucceedsAndItsImageIsReused() {
    String hash = "pass-" + UUID.randomUUID();
    double succeededBefore = Scrape.valueOrZero(SUCCEEDED_RUNS);
    double waitsBefore = Scrape.valueOrZero(QUEUE_WAITS);
    try (EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      String first =
          plan(task("cat README; echo \"greeting=$GREETING\"", hash, 60, 1, repository.sha()));
      List<TaskRunStateChanged> events = states(probe, first, 3);
      assertThat(events)
          .extracting(TaskRunStateChanged::to)
          .containsExactly(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
      assertThat(events.get(2).exitCode()).isZero();
      assertThat(events.get(2).logUrl()).endsWith("/runs/" + first);
      given()
          .get("/runs/" + first + "/log")
          .then()
          .statusCode(200)
          .body(containsString("hello from the repository"), containsString("greeting=hi <there>"));
      int built = images.builtCount();

      String second =
          plan(task("cat README; echo \"greeting=$GREETING\"", hash, 60, 2, repository.sha()));
      assertThat(states(probe, second, 3).get(2).to()).isEqualTo(RunState.SUCCEEDED);
      assertThat(images.builtCount()).as("an unchanged task reuses its image").isEqualTo(built);
    }
    await("both runs timed as succeeded")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Scrape.valueOrZero(SUCCEEDED_RUNS) >= succeededBefore + 2);
    assertThat(Scrape.valueOrZero(QUEUE_WAITS)).isGreaterThanOrEqualTo(waitsBefore + 2);
    String metrics = Scrape.text();
    for (RunState state : RunState.values()) {
      assertThat(metrics)
          .contains(
              "slipway_runs_transitions_total{state=\"" + state.name().toLowerCase() + "\"} ");
    }
    assertThat(metrics)
        .contains(
            "slipway_runs_duration_seconds_bucket{outcome=\"succeeded\",le=\"",
            "slipway_runs_queue_wait_seconds_bucket{le=\"",
            "slipway_runs_active{state=\"queued\"} ");
    assertThat(Scrape.value("slipway_runs_transitions_total{state=\"succeeded\"}").orElseThrow())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFailingTaskReportsItsExitCodeAndNormalizedError() {
    try (EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      String runId =
          plan(
              task(
                  "echo 'src/app.c:3:5: error: unknown type name <foo>' >&2; exit 3",
                  "fail-" + UUID.randomUUID(),
                  60,
                  3,
                  repository.sha()));
      TaskRunStateChanged failed = states(probe, runId, 3).get(2);
      assertThat(failed.to()).isEqualTo(RunState.FAILED);
      assertThat(failed.exitCode()).isEqualTo(3);
      assertThat(failed.errors())
          .containsExactly(
              new NormalizedError("gcc", "src/app.c", 3, 5, "unknown type name <foo>"));

      given()
          .get("/runs/" + runId)
          .then()
          .statusCode(200)
          .body(
              containsString("FAILED"),
              containsString("unknown type name &lt;foo&gt;"),
              not(containsString("<foo>")));
    }
  }

  @Test
  void aTaskThatOutrunsItsTimeoutIsStoppedAndItsContainerRemoved() {
    try (EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      String runId =
          plan(task("echo started; sleep 60", "slow-" + UUID.randomUUID(), 3, 4, repository.sha()));
      TaskRunStateChanged timedOut = states(probe, runId, 3).get(2);
      assertThat(timedOut.to()).isEqualTo(RunState.TIMED_OUT);
      awaitContainerGone(runId);
    }
  }

  @Test
  void aNewerHeadCancelsTheRunningTaskOfTheOlderOne() {
    try (EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      String runId =
          plan(
              task(
                  "echo started; sleep 60",
                  "cancel-" + UUID.randomUUID(),
                  120,
                  5,
                  repository.sha()));
      probe.await(event -> isState(event, runId, RunState.STARTED), 1, WAIT);
      awaitLog(runId, "started");
      assertThat(Scrape.value(STARTED_RUNS)).hasValue(1);

      publish(
          new RunsCancelled(
              "org/shop", 5, "0000000000000000000000000000000000000001", RunsCancelled.SUPERSEDED));

      TaskRunStateChanged cancelled = states(probe, runId, 3).get(2);
      assertThat(cancelled.to()).isEqualTo(RunState.CANCELLED);
      assertThat(cancelled.detail()).isEqualTo(RunsCancelled.SUPERSEDED);
      await("no run started any more")
          .atMost(Duration.ofSeconds(10))
          .until(() -> Scrape.value(STARTED_RUNS).orElseThrow() == 0);
      awaitContainerGone(runId);
    }
  }

  @Test
  void aTaskPlannedTwiceRunsOnce() {
    try (EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      TaskPlanned task = task("echo once", "twice-" + UUID.randomUUID(), 60, 6, repository.sha());
      plan(task);
      plan(task);
      states(probe, task.runId(), 3);
      assertThat(
              probe.drain(Duration.ofSeconds(2)).stream()
                  .filter(event -> isRun(event, task.runId())))
          .hasSize(3);
    }
  }

  @Test
  void logTextCannotInjectMarkupIntoThePage() {
    try (EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      String runId =
          plan(
              task(
                  "echo '<script>alert(1)</script><img src=x onerror=alert(2)>'",
                  "xss-" + UUID.randomUUID(),
                  60,
                  7,
                  repository.sha()));
      states(probe, runId, 3);
      given()
          .get("/runs/" + runId)
          .then()
          .statusCode(200)
          .body(
              containsString(
                  "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"),
              not(containsString("<script>alert")),
              not(containsString("<img")));
      given().get("/runs/..%2Fetc%2Fpasswd").then().statusCode(404);
      given().get("/runs/unknown-run").then().statusCode(404);
    }
  }

  @Test
  void aBrowserSeesAFinishedRunAndFollowsARunningOne() throws Exception {
    try (EventProbe<BuildJobEvent> probe = EventProbe.fromNow(Topics.BUILD_JOB)) {
      String finished =
          plan(
              task(
                  "echo 'compiling <main>'; echo 'main.c:4:3: error: unknown type name foo'; exit 1",
                  "page-" + UUID.randomUUID(),
                  60,
                  8,
                  repository.sha()));
      states(probe, finished, 3);
      try (HeadlessChromium browser = new HeadlessChromium(url("/runs/" + finished))) {
        String page = browser.awaitText("FAILED", WAIT);
        assertThat(page)
            .contains(
                "org/shop", "main.c:4:3: unknown type name foo", "compiling <main>", "Exit code");
      }

      String running =
          plan(
              task(
                  "echo first-line; while [ ! -f go ]; do sleep 0.2; done; echo second-line; sleep 2",
                  "live-" + UUID.randomUUID(),
                  120,
                  9,
                  repository.sha()));
      awaitLog(running, "first-line");
      try (HeadlessChromium browser = new HeadlessChromium(url("/runs/" + running))) {
        String before = browser.awaitText("first-line", WAIT);
        assertThat(before).contains("STARTED").doesNotContain("second-line");
        Files.createFile(
            config.rootDir().resolve("work").resolve(running).resolve("workspace").resolve("go"));
        browser.awaitText("second-line", WAIT);
        browser.awaitText("SUCCEEDED", WAIT);
      }
    }
  }

  private static String url(String path) {
    return "http://localhost:" + RestAssured.port + path;
  }

  /** The container is removed right after the final state is reported. */
  private void awaitContainerGone(String runId) {
    Podman podman = new Podman(config.rootDir().resolve("containers"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !podman.call("container", "exists", "slipway-run-" + runId).ok());
  }

  private void awaitLog(String runId, String text) {
    Instant end = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(end)) {
      if (given().get("/runs/" + runId + "/log").asString().contains(text)) {
        return;
      }
    }
    throw new AssertionError("log of " + runId + " never showed " + text);
  }

  private static List<TaskRunStateChanged> states(
      EventProbe<BuildJobEvent> probe, String runId, int count) {
    return probe.await(event -> isRun(event, runId), count, WAIT).stream()
        .map(event -> (TaskRunStateChanged) event.data())
        .toList();
  }

  private static boolean isRun(Envelope<BuildJobEvent> event, String runId) {
    return event.data() instanceof TaskRunStateChanged
        && ((TaskRunStateChanged) event.data()).runId().equals(runId);
  }

  private static boolean isState(Envelope<BuildJobEvent> event, String runId, RunState state) {
    return isRun(event, runId) && ((TaskRunStateChanged) event.data()).to() == state;
  }

  private String plan(TaskPlanned task) {
    publish(task);
    return task.runId();
  }

  private void publish(TaskSpecEvent event) {
    publisher.publish(
        Topics.TASK_SPEC,
        Envelope.first("/test", "org/shop", "delivery-" + UUID.randomUUID(), Instant.now(), event));
  }

  static TaskPlanned task(
      String entrypoint, String contentHash, long timeoutSeconds, int pullRequest, String sha) {
    return repository
        .task()
        .sha(sha)
        .pullRequestNumber(pullRequest)
        .dockerfile("FROM " + LocalRegistry.busybox())
        .entrypoint(entrypoint)
        .contentHash(contentHash)
        .timeoutSeconds(timeoutSeconds)
        .env(Map.of("GREETING", "hi <there>"))
        .build();
  }
}
