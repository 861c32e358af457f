package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.reporter.domain.DesiredStatus;
import dev.slipway.reporter.domain.ReporterThreads;
import dev.slipway.reporter.domain.SlidingWindows;
import dev.slipway.reporter.domain.StatusMapping;
import dev.slipway.reporter.domain.StatusReporter;
import dev.slipway.reporter.domain.WriteBudget;
import dev.slipway.reporter.state.JsonLinesStatusJournal;
import dev.slipway.testsupport.TaskRuns;
import dev.slipway.testsupport.github.FakeGitHub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The whole reporter (journal, budget, writer) with the real github-api client against the fake
 * GitHub.
 */
class ReporterAgainstFakeGitHubIT {

  private static final String REPO = "acme/shop";
  private static final Instant START = Instant.now().minusSeconds(60);
  private static final List<RunState> RUN =
      List.of(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);

  @TempDir Path stateDir;

  private final FakeGitHub fake = FakeGitHub.start();
  private final List<StatusReporter> reporters = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (StatusReporter reporter : reporters) {
      reporter.close();
    }
    fake.close();
  }

  @Test
  void afterAnOutageAndARateLimitEveryFinalStatusArrivesInOrderAndNothingBeforeRetryAfter()
      throws Exception {
    StatusReporter reporter = reporter(manyPerSecond());
    List<String> shas = shas(5);
    String warmUp = shas.remove(4);
    reporter.report(status(warmUp, "lint", RunState.SUCCEEDED));
    awaitTrue(() -> finalStatuses() == 1, Duration.ofSeconds(10));
    fake.failWritesFor(500, Duration.ofMillis(1500));
    fake.rateLimitWrites(429, Duration.ofSeconds(2), 1);

    for (String sha : shas) {
      for (String task : List.of("lint", "unit")) {
        for (RunState state : RUN) {
          reporter.report(status(sha, task, state));
          awaitTakenOrHeldBack(reporter);
        }
      }
    }

    awaitTrue(() -> finalStatuses() == 1 + 8, Duration.ofSeconds(30));
    for (String sha : shas) {
      Map<String, List<String>> byContext =
          fake.statuses(REPO, sha).stream()
              .collect(
                  Collectors.groupingBy(
                      FakeGitHub.Status::context,
                      Collectors.mapping(FakeGitHub.Status::state, Collectors.toList())));
      assertThat(byContext).containsOnlyKeys("slipway/lint", "slipway/unit");
      byContext
          .values()
          .forEach(
              states ->
                  assertThat(states)
                      .as("pending only before the final status, the final status once and last")
                      .endsWith("success")
                      .containsOnlyOnce("success")
                      .allMatch(state -> state.equals("pending") || state.equals("success")));
    }
    List<FakeGitHub.Request> writes = fake.statusWrites();
    FakeGitHub.Request rateLimited =
        writes.stream().filter(request -> request.status() == 429).findFirst().orElseThrow();
    FakeGitHub.Request nextWrite = writes.get(writes.indexOf(rateLimited) + 1);
    assertThat(Duration.between(rateLimited.time(), nextWrite.time()))
        .as("no write before Retry-After elapsed")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(writes).anyMatch(request -> request.status() == 500);
  }

  @Test
  void fiftyPullRequestsWithThreeTasksEachStayWithinThePerWindowBudget() throws Exception {
    int perWindow = 15;
    Duration window = Duration.ofSeconds(1);
    StatusReporter reporter =
        reporter(new WriteBudget(List.of(new WriteBudget.Limit(perWindow, window))));
    List<String> shas = shas(50);
    List<String> tasks = List.of("lint", "unit", "e2e");

    for (RunState state : RUN) {
      for (String sha : shas) {
        for (String task : tasks) {
          reporter.report(status(sha, task, state));
        }
      }
    }

    awaitTrue(() -> finalStatuses() == 150, Duration.ofSeconds(60));
    List<Instant> arrivals = fake.statusWrites().stream().map(FakeGitHub.Request::time).toList();
    assertThat(SlidingWindows.maxInAnyWindow(arrivals, window)).isLessThanOrEqualTo(perWindow);
    for (String sha : shas) {
      assertThat(fake.latest(REPO, sha).values())
          .extracting(FakeGitHub.Status::description)
          .containsOnly("passed in 1m");
    }
    System.out.printf(
        "budget: %d writes for 50 PRs x 3 tasks (%.1f per PR), at most %d per %s%n",
        arrivals.size(),
        arrivals.size() / 50.0,
        SlidingWindows.maxInAnyWindow(arrivals, window),
        window);
  }

  @Test
  void aNewReporterOverTheSameStateWritesNothingAgain() throws Exception {
    List<DesiredStatus> statuses = new ArrayList<>();
    for (RunState state : RUN) {
      statuses.add(status(shas(1).get(0), "unit", state));
    }
    StatusReporter first = reporter(manyPerSecond());
    for (DesiredStatus status : statuses) {
      first.report(status);
    }
    awaitTrue(() -> finalStatuses() == 1, Duration.ofSeconds(10));
    first.close();
    int writesBefore = fake.statusWrites().size();

    StatusReporter second = reporter(manyPerSecond());
    for (DesiredStatus status : statuses) {
      second.report(status);
    }
    awaitTrue(() -> second.pending() == 0, Duration.ofSeconds(10));

    assertThat(fake.statusWrites()).hasSize(writesBefore);
  }

  private StatusReporter reporter(WriteBudget budget) throws Exception {
    AuthorizationProvider token = GitHubAuthorization.token("t");
    GitHubRepositories repositories =
        new GitHubRepositories(GitHubClients.build(fake.url(), token), Clock.systemUTC());
    StatusReporter reporter =
        new StatusReporter(
            new GitHubCommitStatuses(repositories),
            new GitHubDeployments(repositories, token),
            new JsonLinesStatusJournal(stateDir, Duration.ofDays(14), Clock.systemUTC()),
            budget,
            Clock.systemUTC(),
            Duration.ofMillis(100),
            Duration.ofMillis(400),
            StatusReporter.Listener.NONE);
    ReporterThreads.started(reporter);
    reporters.add(reporter);
    return reporter;
  }

  private static WriteBudget manyPerSecond() {
    return new WriteBudget(List.of(new WriteBudget.Limit(1000, Duration.ofSeconds(1))));
  }

  private long finalStatuses() {
    return fake.statuses().stream().filter(status -> !status.state().equals("pending")).count();
  }

  private static DesiredStatus status(String sha, String task, RunState state) {
    Instant at = START.plusSeconds(state.ordinal() * 30L);
    TaskRunStateChanged run =
        TaskRuns.taskRun()
            .repository(REPO)
            .sha(sha)
            .task(task)
            .pullRequestNumber(1)
            .to(state)
            .startedAt(START)
            .occurredAt(at)
            .build();
    return StatusMapping.statusFor(run, at, "delivery-" + sha).orElseThrow();
  }

  private static List<String> shas(int count) {
    List<String> shas = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      shas.add(String.format("%040x", 0xabc000L + i));
    }
    return shas;
  }

  /**
   * Until the reporter wrote what it was given, or holds back for an outage or a rate limit: the
   * next status then arrives while the writer works or waits, as events do, not all at once.
   */
  private static void awaitTakenOrHeldBack(StatusReporter reporter) {
    awaitTrue(
        () -> reporter.pending() == 0 || reporter.heldBackUntil().isPresent(),
        Duration.ofSeconds(10));
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(5))
        .until(condition::getAsBoolean);
  }
}
