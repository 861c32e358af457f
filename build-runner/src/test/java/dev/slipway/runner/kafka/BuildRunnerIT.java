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
import dev.slipway.testsupport.TaskPlans;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

  /** What the runner published on the build-job topic since the test began. */
  private EventProbe<BuildJobEvent> probe;

  @BeforeAll
  static void createRepository() throws Exception {
    repository = TestRepository.create("README", "hello from the repository\n");
  }

  @BeforeEach
  void watchBuildJobs() {
    probe = EventProbe.fromNow(Topics.BUILD_JOB);
  }

  @AfterEach
  void stopWatching() {
    probe.close();
  }

  @Test
  void aPassingTaskIsQueuedStartedAndSucceedsAndItsImageIsReused() {
    String hash = "pass-" + UUID.randomUUID();
    String entrypoint = "cat README; echo \"greeting=$GREETING\"";
    double succeededBefore = Scrape.valueOrZero(SUCCEEDED_RUNS);
    double waitsBefore = Scrape.valueOrZero(QUEUE_WAITS);
    String first = plan(task(1, entrypoint).contentHash(hash));
    List<TaskRunStateChanged> events = states(first);
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

    String second = plan(task(2, entrypoint).contentHash(hash));
    assertThat(finalState(second).to()).isEqualTo(RunState.SUCCEEDED);
    assertThat(images.builtCount()).as("an unchanged task reuses its image").isEqualTo(built);
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
    String runId =
        plan(task(3, "echo 'src/app.c:3:5: error: unknown type name <foo>' >&2; exit 3"));
    TaskRunStateChanged failed = finalState(runId);
    assertThat(failed.to()).isEqualTo(RunState.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.errors())
        .containsExactly(new NormalizedError("gcc", "src/app.c", 3, 5, "unknown type name <foo>"));

    given()
        .get("/runs/" + runId)
        .then()
        .statusCode(200)
        .body(
            containsString("FAILED"),
            containsString("unknown type name &lt;foo&gt;"),
            not(containsString("<foo>")));
  }

  @Test
  void aTaskThatOutrunsItsTimeoutIsStoppedAndItsContainerRemoved() {
    String runId = plan(task(4, "echo started; sleep 60").timeoutSeconds(3));
    TaskRunStateChanged timedOut = finalState(runId);
    assertThat(timedOut.to()).isEqualTo(RunState.TIMED_OUT);
    awaitContainerGone(runId);
  }

  @Test
  void aNewerHeadCancelsTheRunningTaskOfTheOlderOne() {
    String runId = plan(task(5, "echo started; sleep 60").timeoutSeconds(120));
    probe.await(event -> isState(event, runId, RunState.STARTED), 1, WAIT);
    awaitLog(runId, "started");
    assertThat(Scrape.value(STARTED_RUNS)).hasValue(1);

    publish(
        new RunsCancelled(
            "org/shop", 5, "0000000000000000000000000000000000000001", RunsCancelled.SUPERSEDED));

    TaskRunStateChanged cancelled = finalState(runId);
    assertThat(cancelled.to()).isEqualTo(RunState.CANCELLED);
    assertThat(cancelled.detail()).isEqualTo(RunsCancelled.SUPERSEDED);
    await("no run started any more")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Scrape.value(STARTED_RUNS).orElseThrow() == 0);
    awaitContainerGone(runId);
  }

  @Test
  void aTaskPlannedTwiceRunsOnce() {
    TaskPlanned task = task(6, "echo once").build();
    publish(task);
    publish(task);
    states(task.runId());
    assertThat(
            probe.drain(Duration.ofSeconds(2)).stream().filter(event -> isRun(event, task.runId())))
        .hasSize(3);
  }

  @Test
  void logTextCannotInjectMarkupIntoThePage() {
    String runId = plan(task(7, "echo '<script>alert(1)</script><img src=x onerror=alert(2)>'"));
    states(runId);
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

  @Test
  void aBrowserSeesAFinishedRunAndFollowsARunningOne() throws Exception {
    String finished =
        plan(
            task(
                8,
                "echo 'compiling <main>'; echo 'main.c:4:3: error: unknown type name foo'; exit 1"));
    states(finished);
    try (HeadlessChromium browser = new HeadlessChromium(url("/runs/" + finished))) {
      String page = browser.awaitText("FAILED", WAIT);
      assertThat(page)
          .contains(
              "org/shop", "main.c:4:3: unknown type name foo", "compiling <main>", "Exit code");
    }

    String running =
        plan(
            task(
                    9,
                    "echo first-line; while [ ! -f go ]; do sleep 0.2; done; echo second-line; sleep 2")
                .timeoutSeconds(120));
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
    await("log of " + runId + " shows " + text)
        .atMost(WAIT)
        .until(() -> given().get("/runs/" + runId + "/log").asString().contains(text));
  }

  /** The run's three state changes: queued, started and how it ended. */
  private List<TaskRunStateChanged> states(String runId) {
    return probe.await(event -> isRun(event, runId), 3, WAIT).stream()
        .map(event -> (TaskRunStateChanged) event.data())
        .toList();
  }

  private TaskRunStateChanged finalState(String runId) {
    return states(runId).get(2);
  }

  private static boolean isRun(Envelope<BuildJobEvent> event, String runId) {
    return event.data() instanceof TaskRunStateChanged
        && ((TaskRunStateChanged) event.data()).runId().equals(runId);
  }

  private static boolean isState(Envelope<BuildJobEvent> event, String runId, RunState state) {
    return isRun(event, runId) && ((TaskRunStateChanged) event.data()).to() == state;
  }

  private String plan(TaskPlans task) {
    TaskPlanned planned = task.build();
    publish(planned);
    return planned.runId();
  }

  private void publish(TaskSpecEvent event) {
    publisher.publish(
        Topics.TASK_SPEC,
        Envelope.first("/test", "org/shop", "delivery-" + UUID.randomUUID(), Instant.now(), event));
  }

  /**
   * A task of pull request {@code pullRequest} (each test its own, so a cancellation reaches no
   * other test's run) with an image of its own, a minute to run, and the variable {@code GREETING}.
   */
  private static TaskPlans task(int pullRequest, String entrypoint) {
    return repository
        .task()
        .pullRequestNumber(pullRequest)
        .dockerfile("FROM " + LocalRegistry.busybox())
        .entrypoint(entrypoint)
        .timeoutSeconds(60)
        .env(Map.of("GREETING", "hi <there>"));
  }
}
