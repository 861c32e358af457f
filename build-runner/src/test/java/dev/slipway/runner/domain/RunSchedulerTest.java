package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import dev.slipway.runner.errors.ErrorNormalizer;
import dev.slipway.testsupport.TaskPlans;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RunSchedulerTest {

  private static final Instant NOW = Instant.parse("2025-05-02T10:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final FakeExecutor executor = new FakeExecutor();
  private final PublishedRuns published = new PublishedRuns(WAIT);
  private final List<String> told = new CopyOnWriteArrayList<>();
  private final MemoryJournal journal = new MemoryJournal();
  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final Map<String, String> secretValues = new ConcurrentHashMap<>();
  private List<Organisation> organisations = List.of();
  private RunScheduler scheduler = scheduler(2);

  @AfterEach
  void stop() {
    scheduler.close();
  }

  @Test
  void aPassingTaskIsQueuedStartedAndSucceeds() {
    scheduler.submit(request("run-1", 7, "aaa"));
    awaitExecuting("run-1");
    executor.end("run-1", new Outcome.Exited(0));

    List<TaskRunStateChanged> events =
        published.awaitStates("run-1", RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
    TaskRunStateChanged done = events.get(2);
    assertThat(done.from()).isEqualTo(RunState.STARTED);
    assertThat(done.exitCode()).isZero();
    assertThat(done.startedAt()).isEqualTo(NOW);
    assertThat(done.occurredAt()).isEqualTo(NOW);
    assertThat(done.logUrl()).isEqualTo("http://runner.example/runs/run-1");
    assertThat(executor.deadlines.get("run-1")).isEqualTo(NOW.plusSeconds(60));
    assertThat(executor.removed).contains("run-1");
    assertThat(published.eventIds())
        .containsExactly("run-1.queued", "run-1.started", "run-1.succeeded");
    assertThat(told)
        .containsExactly("null->QUEUED run-1", "QUEUED->STARTED run-1", "STARTED->SUCCEEDED run-1");
    assertThat(executor.logFields)
        .as("the worker's log fields name the run")
        .containsEntry("run-1", "run-1 org/shop delivery-1");
    assertThat(MDC.get("run_id")).as("the submitting thread's fields are removed").isNull();
  }

  @Test
  void aFailingTaskReportsItsExitCodeAndNormalizedErrors() {
    scheduler.submit(request("run-1", 7, "aaa"));
    awaitExecuting("run-1");
    logs.put("run-1", CompilerErrorOutput.OUTPUT);
    executor.end("run-1", new Outcome.Exited(2));

    CompilerErrorOutput.assertReported(published.awaitEnd("run-1", RunState.FAILED), 2);
  }

  @Test
  void eachOutcomeEndsInItsState() {
    Map<Outcome, RunState> table = new HashMap<>();
    table.put(new Outcome.Exited(0), RunState.SUCCEEDED);
    table.put(new Outcome.Exited(1), RunState.FAILED);
    table.put(new Outcome.TimedOut(), RunState.TIMED_OUT);
    table.put(new Outcome.Stopped(), RunState.CANCELLED);
    table.put(new Outcome.Broken("registry unreachable"), RunState.ERROR);
    int n = 0;
    for (Map.Entry<Outcome, RunState> row : table.entrySet()) {
      String runId = "run-" + n++;
      scheduler.submit(request(runId, 7, "aaa"));
      awaitExecuting(runId);
      executor.end(runId, row.getKey());
      assertThat(published.awaitEnd(runId, row.getValue()).to())
          .as("%s", row.getKey())
          .isEqualTo(row.getValue());
    }
  }

  @Test
  void anExecutorThatThrowsIsAnInfrastructureError() {
    scheduler.submit(request("run-1", 7, "aaa"));
    awaitExecuting("run-1");
    executor.breakDown("run-1", new IllegalStateException("podman: no space left on device"));

    TaskRunStateChanged error = published.awaitEnd("run-1", RunState.ERROR);
    assertThat(error.detail()).isEqualTo("podman: no space left on device");
  }

  @Test
  void runsBeyondTheLimitWaitInArrivalOrderAndAreCountedAsQueued() {
    submitOneAtATime(request("first", 1, "a"), request("second", 2, "b"), request("third", 3, "c"));

    assertThat(published.statesOf("second")).containsExactly(RunState.QUEUED);
    assertThat(scheduler.activeIn(RunState.STARTED)).isEqualTo(1);
    assertThat(scheduler.activeIn(RunState.QUEUED)).isEqualTo(2);
    executor.end("first", new Outcome.Exited(0));
    awaitExecuting("second");
    assertThat(executor.executed).containsExactly("first", "second");
    executor.end("second", new Outcome.Exited(0));
    awaitExecuting("third");
    assertThat(executor.executed).containsExactly("first", "second", "third");
    executor.end("third", new Outcome.Exited(1));
    published.awaitStates("third", RunState.QUEUED, RunState.STARTED, RunState.FAILED);
    await().atMost(WAIT).until(() -> scheduler.activeIn(RunState.STARTED) == 0);
    assertThat(scheduler.activeIn(RunState.QUEUED)).isZero();
  }

  @Test
  void aNewerHeadCancelsTheOlderRunsOfItsPullRequestOnly() {
    submitOneAtATime(
        request("old-running", 7, "old"),
        request("old-queued", 7, "old"),
        request("new", 7, "new"),
        request("other-pr", 8, "old"));

    scheduler.cancel("org/shop", new RunsCancelled("org/shop", 7, "new", RunsCancelled.SUPERSEDED));

    assertThat(
            published
                .awaitStates("old-queued", RunState.QUEUED, RunState.CANCELLED)
                .get(1)
                .detail())
        .isEqualTo(RunsCancelled.SUPERSEDED);
    assertThat(published.awaitEnd("old-running", RunState.CANCELLED).detail())
        .isEqualTo(RunsCancelled.SUPERSEDED);
    assertThat(executor.stopped).containsExactly("old-running");
    awaitExecuting("new");
    assertThat(published.statesOf("other-pr")).containsExactly(RunState.QUEUED);
    assertThat(executor.executed).doesNotContain("old-queued");
  }

  @Test
  void aTaskPlannedAgainDoesNotStartASecondRun() {
    scheduler.submit(request("run-1", 7, "aaa"));
    scheduler.submit(request("run-1", 7, "aaa"));
    awaitExecuting("run-1");
    executor.end("run-1", new Outcome.Exited(0));
    published.awaitStates("run-1", RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);

    scheduler.submit(request("run-1", 7, "aaa"));

    assertThat(executor.executed).containsExactly("run-1");
    assertThat(published.statesOf("run-1"))
        .containsExactly(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
  }

  @Test
  void aRestartedRunnerFollowsStartedRunsRequeuesQueuedOnesAndReportsEachEndOnce() {
    scheduler.submit(request("started", 7, "a"));
    scheduler.submit(request("queued", 8, "b"));
    await().atMost(WAIT).until(() -> executor.executed.size() == 2);
    scheduler.close();
    journal.save(queuedCopy("queued"));
    published.clear();
    executor.executed.clear();
    executor.present.add("started");
    executor.present.add("long-gone");

    scheduler = scheduler(2);
    scheduler.recover();
    await().atMost(WAIT).until(() -> executor.executed.size() == 2);
    executor.end("started", new Outcome.Exited(0));
    executor.end("queued", new Outcome.Exited(0));

    await()
        .atMost(WAIT)
        .until(
            () ->
                published.statesOf("queued").contains(RunState.SUCCEEDED)
                    && published.statesOf("started").size() == 1);
    assertThat(published.statesOf("started")).containsExactly(RunState.SUCCEEDED);
    assertThat(published.statesOf("queued")).containsExactly(RunState.STARTED, RunState.SUCCEEDED);
    assertThat(executor.executed).containsExactlyInAnyOrder("started", "queued");
    assertThat(executor.removed).contains("long-gone");
  }

  @Test
  void anOrganisationAtItsLimitWaitsWhileOthersGoFirst() {
    organisations = List.of(organisation("busy", 1), organisation("calm", 2));
    replaceScheduler(3);
    scheduler.submit(request("busy-1", "busy/app"));
    scheduler.submit(request("busy-2", "Busy/lib"));
    scheduler.submit(request("calm-1", "calm/app"));
    scheduler.submit(request("calm-2", "calm/lib"));
    await().atMost(WAIT).until(() -> executor.executed.size() == 3);

    assertThat(executor.executed).containsExactlyInAnyOrder("busy-1", "calm-1", "calm-2");
    assertThat(published.statesOf("busy-2")).containsExactly(RunState.QUEUED);
    executor.end("calm-1", new Outcome.Exited(0));
    published.awaitStates("calm-1", RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
    assertThat(published.statesOf("busy-2"))
        .as("a free slot of the runner is no slot of its organisation")
        .containsExactly(RunState.QUEUED);

    executor.end("busy-1", new Outcome.Exited(0));

    awaitExecuting("busy-2");
    published.awaitStates("busy-2", RunState.QUEUED, RunState.STARTED);
  }

  @Test
  void withoutAnOrganisationsFileEachOwnerHasTheDefaultLimitOfItsOwn() {
    organisations =
        List.of(
            Organisations.anyOwner(
                List.of("unused"),
                new GitHubCredentials.None(),
                OrganisationsFile.DEFAULT_WRITE_BUDGET));
    replaceScheduler(20);
    int limit = OrganisationsFile.DEFAULT_LIMITS.concurrentRuns();
    for (int n = 0; n <= limit; n++) {
      scheduler.submit(request("one-" + n, "one/app"));
    }
    scheduler.submit(request("two-0", "two/app"));

    await().atMost(WAIT).until(() -> executor.executed.size() == limit + 1);
    assertThat(executor.executed).contains("two-0").doesNotContain("one-" + limit);
    assertThat(published.statesOf("one-" + limit)).containsExactly(RunState.QUEUED);
  }

  @Test
  void aTrustedRunGetsItsSecretsAndTheyAreMaskedInItsErrorsAndDetail() {
    secretValues.put("org/shop:deploy-key", "k3y-v4lue");
    scheduler.submit(withSecrets("run-1", false));
    awaitExecuting("run-1");

    assertThat(executor.secrets.get("run-1").environment())
        .containsExactlyEntriesOf(Map.of("DEPLOY_KEY", "k3y-v4lue"));
    logs.put("run-1", "src/a.c:3:5: error: bad key k3y-v4lue\n");
    executor.end(
        "run-1",
        new Outcome.Exited(1),
        List.of(
            "<testsuite><testcase classname=\"KeyTest\" name=\"k3y-v4lue\">"
                + "<failure message=\"expected k3y-v4lue\"/></testcase></testsuite>"));

    TaskRunStateChanged failed = published.awaitEnd("run-1", RunState.FAILED);
    assertThat(failed.errors()).isNotEmpty();
    assertThat(failed.errors().toString()).doesNotContain("k3y-v4lue").contains("***");
    assertThat(failed.detail()).doesNotContain("k3y-v4lue").contains("***");
  }

  @Test
  void aForksRunGetsNoSecretEvenWhenItsPlanNamesOne() {
    secretValues.put("org/shop:deploy-key", "k3y-v4lue");
    scheduler.submit(withSecrets("run-1", true));
    awaitExecuting("run-1");

    assertThat(executor.secrets.get("run-1").environment()).isEmpty();
  }

  @Test
  void aSecretThatIsNotDefinedFailsTheRunBeforeItStarts() {
    scheduler.submit(withSecrets("run-1", false));

    TaskRunStateChanged failed = published.awaitEnd("run-1", RunState.FAILED);
    assertThat(failed.detail()).isEqualTo("secret deploy-key is not defined for org/shop");
    assertThat(failed.exitCode()).isNull();
    assertThat(executor.executed).isEmpty();
  }

  @Test
  void onlyAllowedTransitionsHappen() {
    assertThat(RunLifecycle.allows(null, RunState.QUEUED)).isTrue();
    assertThat(RunLifecycle.allows(null, RunState.STARTED)).isFalse();
    assertThat(RunLifecycle.allows(RunState.QUEUED, RunState.SUCCEEDED)).isFalse();
    assertThat(RunLifecycle.allows(RunState.STARTED, RunState.TIMED_OUT)).isTrue();
    for (RunState terminal :
        List.of(
            RunState.SUCCEEDED,
            RunState.FAILED,
            RunState.TIMED_OUT,
            RunState.CANCELLED,
            RunState.ERROR)) {
      for (RunState to : RunState.values()) {
        assertThat(RunLifecycle.allows(terminal, to)).as("%s -> %s", terminal, to).isFalse();
      }
    }
  }

  private RunRecord queuedCopy(String runId) {
    RunRecord record = journal.find(runId).orElseThrow();
    return new RunRecord(
        record.request(),
        RunState.QUEUED,
        record.queuedAt(),
        null,
        null,
        null,
        List.of(),
        null,
        null);
  }

  /** Waits until the scheduler handed {@code runId} to the executor. */
  private void awaitExecuting(String runId) {
    await().atMost(WAIT).until(() -> executor.executed.contains(runId));
  }

  /** The test goes on with a scheduler that starts at most {@code concurrency} runs at once. */
  private void replaceScheduler(int concurrency) {
    scheduler.close();
    scheduler = scheduler(concurrency);
  }

  /**
   * The test goes on with a scheduler that starts one run at a time, given {@code requests} in
   * order; returns once it started the first.
   */
  private void submitOneAtATime(RunRequest... requests) {
    replaceScheduler(1);
    for (RunRequest request : requests) {
      scheduler.submit(request);
    }
    awaitExecuting(requests[0].runId());
  }

  private RunScheduler scheduler(int concurrency) {
    return new RunScheduler(
        concurrency,
        new OrganisationLimits(() -> new Organisations(organisations)),
        executor,
        new SecretResolver(
            (repository, name) -> Optional.ofNullable(secretValues.get(repository + ":" + name))),
        published,
        journal,
        runId -> {
          String log = logs.getOrDefault(runId, "");
          return new LogTail(log, 0, log.length());
        },
        new ErrorNormalizer(),
        Clock.fixed(NOW, ZoneOffset.UTC),
        "http://runner.example/",
        Executors.newCachedThreadPool(),
        (from, run) -> told.add(from + "->" + run.state() + " " + run.runId()));
  }

  private static RunRequest withSecrets(String runId, boolean fork) {
    TaskPlans task =
        TaskPlans.taskPlanned().runId(runId).secrets(Map.of("DEPLOY_KEY", "deploy-key"));
    return new RunRequest((fork ? task.fork() : task).build(), "cause-" + runId, "delivery-1");
  }

  private static RunRequest request(String runId, String repository) {
    return new RunRequest(
        TaskPlans.taskPlanned().runId(runId).repository(repository).build(),
        "cause-" + runId,
        "delivery-1");
  }

  private static Organisation organisation(String name, int concurrentRuns) {
    return new Organisation(
        name,
        List.of("secret"),
        new GitHubCredentials.None(),
        List.of("*"),
        List.of(),
        "",
        OrganisationsFile.DEFAULT_WRITE_BUDGET,
        new Organisation.Limits(concurrentRuns, Duration.ofHours(1)),
        Map.of());
  }

  static RunRequest request(String runId, int pullRequest, String sha) {
    return new RunRequest(
        TaskPlans.taskPlanned()
            .runId(runId)
            .sha(sha)
            .pullRequestNumber(pullRequest)
            .contentHash("hash-" + runId)
            .build(),
        "cause-" + runId,
        "delivery-1");
  }

  private static final class MemoryJournal implements RunJournal {
    private final Map<String, RunRecord> records = new ConcurrentHashMap<>();

    @Override
    public void save(RunRecord record) {
      records.put(record.runId(), record);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
      return Optional.ofNullable(records.get(runId));
    }

    @Override
    public List<RunRecord> unfinished() {
      return records.values().stream().filter(record -> !record.state().isTerminal()).toList();
    }
  }
}
