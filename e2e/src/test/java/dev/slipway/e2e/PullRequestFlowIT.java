package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.Topics;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.github.FakeGitHub.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pull-request flow across services, as a user sees it on GitHub: a signed webhook into the
 * gateway, the task-compiler reading .slipway.yml from git, the runner running real containers with
 * podman, and the reporter writing commit statuses to a fake GitHub through the real client. Each
 * service is its own process, on the real broker.
 */
class PullRequestFlowIT {

  private static final Duration FLOW = Duration.ofSeconds(180);

  @AutoClose private static PullRequestFlow flow;
  private static GitRepository repository;

  @BeforeAll
  static void startTheFlow() {
    flow = PullRequestFlow.start();
    repository = flow.repository("acme/shop");
  }

  @Test
  void passingAndFailingTasksEndAsSuccessAndFailureOnTheCommit() {
    String sha =
        repository.commit(
            "feature/checkout", Map.of(".slipway.yml", pipeline("echo all good")), "pass and fail");
    byte[] opened = flow.webhooks().payload("opened", "acme/shop", 11, sha, null);
    String delivery = UUID.randomUUID().toString();

    assertThat(flow.webhooks().deliver(delivery, opened)).isEqualTo(202);

    awaitFlow()
        .until(() -> flow.github().finished("acme/shop", sha, "slipway/pass", "slipway/fail"));
    Map<String, Status> shown = flow.github().latest("acme/shop", sha);
    assertThat(shown.get("slipway/pass").state()).isEqualTo("success");
    assertThat(shown.get("slipway/pass").description()).startsWith("passed in ");
    assertThat(shown.get("slipway/fail").state()).isEqualTo("failure");
    assertThat(shown.get("slipway/fail").description()).contains("cannot find symbol");
    assertThat(shown.get("slipway/fail").targetUrl())
        .startsWith(flow.service("build-runner").baseUrl() + "/runs/");
    assertThat(shown).containsOnlyKeys("slipway/config", "slipway/pass", "slipway/fail");
    assertThat(shown.get("slipway/config").state()).isEqualTo("success");
    assertThat(shown.get("slipway/config").description()).isEqualTo("2 tasks planned: pass, fail");
    assertThat(flow.github().requests())
        .as("the compiler read .slipway.yml through the contents API")
        .anyMatch(
            request ->
                request.path().equals("/repos/acme/shop/contents/.slipway.yml")
                    && request.status() == 200);

    int writesBefore = flow.github().statuses("acme/shop", sha).size();
    assertThat(flow.webhooks().deliver(delivery, opened))
        .as("a known delivery is answered as a duplicate, not published")
        .isEqualTo(200);
    awaitReporterIdle();
    assertThat(flow.github().statuses("acme/shop", sha))
        .as("a redelivered webhook adds no status")
        .hasSize(writesBefore);
  }

  @Test
  void aNewPushCancelsTheOlderHeadsRunsAndTheNewHeadGetsItsOwn() {
    String slowSha =
        repository.commit("feature/search", Map.of(".slipway.yml", pipeline("sleep 120")), "slow");
    assertThat(flow.webhooks().open("acme/shop", 12, slowSha)).isEqualTo(202);
    awaitFlow().until(() -> "running pass".equals(description(slowSha, "slipway/pass")));

    String fastSha =
        repository.commit("feature/search", Map.of(".slipway.yml", pipeline("echo fixed")), "fast");
    assertThat(flow.webhooks().synchronize("acme/shop", 12, fastSha, slowSha)).isEqualTo(202);

    awaitFlow()
        .until(() -> flow.github().finished("acme/shop", fastSha, "slipway/pass", "slipway/fail"));
    awaitFlow().until(() -> flow.github().finished("acme/shop", slowSha, "slipway/pass"));
    Status cancelled = flow.github().latest("acme/shop", slowSha).get("slipway/pass");
    assertThat(cancelled.state()).isEqualTo("error");
    assertThat(cancelled.description()).contains("cancelled");
    assertThat(flow.github().latest("acme/shop", fastSha).get("slipway/pass").state())
        .isEqualTo("success");
  }

  @Test
  void aRunnerKilledMidRunReportsTheFinalStateOnceAndRunsTheTaskOnce() throws Exception {
    String sha =
        repository.commit(
            "feature/slow-runner",
            Map.of(
                ".slipway.yml",
                flow.oneTask("slow", "echo begin-slow-task", "sleep 8", "echo end-slow-task")),
            "slow task");
    assertThat(flow.webhooks().open("acme/shop", 13, sha)).isEqualTo(202);
    awaitFlow().until(() -> "running slow".equals(description(sha, "slipway/slow")));

    flow.service("build-runner").kill();
    flow.service("build-runner").restart();

    awaitFlow().until(() -> flow.github().finished("acme/shop", sha, "slipway/slow"));
    List<Status> finals =
        flow.github().statuses("acme/shop", sha).stream()
            .filter(
                status ->
                    status.context().equals("slipway/slow") && !status.state().equals("pending"))
            .toList();
    assertThat(finals).extracting(Status::state).containsExactly("success");
    String log = httpGet(finals.get(0).targetUrl() + "/log");
    assertThat(log.lines().filter("begin-slow-task"::equals))
        .as("the task ran once: " + log)
        .hasSize(1);
    assertThat(log).contains("end-slow-task");
  }

  @Test
  void aReporterKilledMidRunWritesNoStatusTwiceAndMissesNoFinalStatus() {
    String sha =
        repository.commit(
            "feature/slow-reporter", Map.of(".slipway.yml", pipeline("sleep 4")), "slow pass");
    // Read from before the webhook: the failing task may end before GitHub shows pass running.
    try (EventProbe<BuildJobEvent> runs = EventProbe.fromNow(Topics.BUILD_JOB)) {
      assertThat(flow.webhooks().open("acme/shop", 14, sha)).isEqualTo(202);
      awaitFlow().until(() -> "running pass".equals(description(sha, "slipway/pass")));

      flow.service("status-reporter").kill();
      try {
        runs.await(
            event ->
                event.data() instanceof TaskRunStateChanged changed
                    && changed.sha().equals(sha)
                    && changed.to().isTerminal(),
            2,
            FLOW);
      } finally {
        // Also when the wait fails: the other tests of the class need the reporter.
        flow.service("status-reporter").restart();
      }
    }

    awaitFlow()
        .until(() -> flow.github().finished("acme/shop", sha, "slipway/pass", "slipway/fail"));
    awaitReporterIdle();
    List<String> written =
        flow.github().statuses("acme/shop", sha).stream()
            .map(status -> status.context() + " " + status.state() + " " + status.description())
            .toList();
    assertThat(written).as("no status written twice").doesNotHaveDuplicates();
    assertThat(flow.github().latest("acme/shop", sha).get("slipway/pass").state())
        .isEqualTo("success");
    assertThat(flow.github().latest("acme/shop", sha).get("slipway/fail").state())
        .isEqualTo("failure");
  }

  private static String httpGet(String url) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** Waits for the flow, but stops at once when GitHub shows the pipeline was rejected. */
  private static org.awaitility.core.ConditionFactory awaitFlow() {
    return await()
        .atMost(FLOW)
        .failFast(
            "the pipeline was rejected",
            () ->
                flow.github().statuses().stream()
                    .anyMatch(
                        status ->
                            status.context().equals("slipway/config")
                                && status.state().equals("failure")));
  }

  /**
   * A pipeline with a task {@code pass} running {@code passCommand} and a task {@code fail} that a
   * compiler error breaks.
   */
  private static String pipeline(String passCommand) {
    return "image: "
        + flow.baseImage()
        + "\n"
        + "tasks:\n"
        + "  pass:\n"
        + "    cmds:\n"
        + "      - "
        + passCommand
        + "\n"
        + "  fail:\n"
        + "    cmds:\n"
        + "      - \"echo 'src/main/java/shop/Cart.java:12: error: cannot find symbol'\"\n"
        + "      - exit 1\n";
  }

  /** What GitHub shows as the description of {@code context} on commit {@code sha} of acme/shop. */
  private static String description(String sha, String context) {
    Status status = flow.github().latest("acme/shop", sha).get(context);
    return status == null ? null : status.description();
  }

  /** The reporter has nothing left to write: what GitHub shows now is all it will show. */
  private static void awaitReporterIdle() {
    awaitFlow()
        .until(
            () ->
                httpGet(flow.service("status-reporter").baseUrl() + "/q/metrics")
                    .lines()
                    .anyMatch(
                        line ->
                            line.matches("slipway_github_statuses_pending(\\{[^}]*\\})? 0\\.0")));
  }
}
