package dev.slipway.runner.domain;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.RunState;
import dev.slipway.events.RunsCancelled;
import dev.slipway.platform.logging.LogFields;
import dev.slipway.platform.logging.LogScope;
import dev.slipway.runner.errors.ErrorNormalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues runs in arrival order, starts at most {@code concurrency} at once and at most an
 * organisation's {@code concurrent-runs} of its repositories (a run whose organisation is at its
 * limit waits, and the runs behind it of other organisations go first), resolves each run's secrets
 * as it starts and masks them in what is reported, cancels superseded ones and reports every state
 * change. Each state change is published before it is journaled, with an id deterministic per run
 * and state: a crash in between makes a restarted runner publish the same event again, never a
 * different one.
 */
public final class RunScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunScheduler.class);

  private final int concurrency;
  private final OrganisationLimits limits;
  private final TaskExecutor executor;
  private final SecretResolver secrets;
  private final RunEvents events;
  private final RunJournal journal;
  private final RunLogs logs;
  private final ErrorNormalizer normalizer;
  private final Clock clock;
  private final String runsBaseUrl;
  private final ExecutorService workers;
  private final Listener listener;

  private final Map<String, RunRecord> active = new HashMap<>();
  private final Deque<String> queue = new ArrayDeque<>();

  /** Started runs → the organisation whose slot each takes. */
  private final Map<String, String> running = new HashMap<>();

  private final Map<String, String> cancelReasons = new HashMap<>();

  public RunScheduler(
      int concurrency,
      OrganisationLimits limits,
      TaskExecutor executor,
      SecretResolver secrets,
      RunEvents events,
      RunJournal journal,
      RunLogs logs,
      ErrorNormalizer normalizer,
      Clock clock,
      String baseUrl,
      ExecutorService workers,
      Listener listener) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    this.concurrency = concurrency;
    this.limits = limits;
    this.executor = executor;
    this.secrets = secrets;
    this.events = events;
    this.journal = journal;
    this.logs = logs;
    this.normalizer = normalizer;
    this.clock = clock;
    this.runsBaseUrl = baseUrl.replaceAll("/+$", "") + "/runs/";
    this.workers = workers;
    this.listener = listener;
  }

  /** Told of every state change once it was published (metrics, for one). */
  @FunctionalInterface
  public interface Listener {
    void published(RunState from, RunRecord run);
  }

  /** Queues a planned task. A run id seen before (even before a restart) does not start again. */
  public void submit(RunRequest request) {
    try (LogScope fields = logScope(request)) {
      queue(request);
    }
  }

  private void queue(RunRequest request) {
    synchronized (this) {
      if (active.containsKey(request.runId())) {
        LOG.info(
            "run={} repo={} already known, not starting it again",
            request.runId(),
            request.task().repository());
        return;
      }
    }
    if (journal.find(request.runId()).isPresent()) {
      LOG.info(
          "run={} repo={} already reported, not starting it again",
          request.runId(),
          request.task().repository());
      return;
    }
    RunRecord queued =
        transition(null, RunState.QUEUED, ignored -> RunRecord.queued(request, clock.instant()));
    synchronized (this) {
      active.put(queued.runId(), queued);
      queue.addLast(queued.runId());
      dispatch();
    }
  }

  /**
   * Cancels the runs {@code cancellation} names: queued ones at once, running ones by stopping
   * them.
   */
  public void cancel(String repository, RunsCancelled cancellation) {
    List<RunRecord> dequeued = new ArrayList<>();
    List<RunRecord> toStop = new ArrayList<>();
    synchronized (this) {
      for (RunRecord record : active.values()) {
        var task = record.request().task();
        if (!task.repository().equals(repository)
            || !cancellation.cancels(task.pullRequestNumber(), task.sha())
            || cancelReasons.containsKey(record.runId())) {
          continue;
        }
        cancelReasons.put(record.runId(), cancellation.reason());
        if (queue.remove(record.runId())) {
          dequeued.add(record);
        } else {
          toStop.add(record);
        }
      }
    }
    for (RunRecord record : dequeued) {
      try (LogScope fields = logScope(record.request())) {
        transition(
            record,
            RunState.CANCELLED,
            r ->
                r.finished(
                    RunState.CANCELLED,
                    clock.instant(),
                    null,
                    List.of(),
                    cancellation.reason(),
                    null));
      }
      synchronized (this) {
        cancelReasons.remove(record.runId());
        active.remove(record.runId());
      }
    }
    toStop.forEach(record -> work(record, () -> executor.stop(record.runId())));
  }

  /**
   * Picks up where a previous runner left off: queued runs queue again, started ones are followed
   * (their container or Job, found by label, is not started twice), and leftovers of finished runs
   * are removed.
   */
  public void recover() {
    Set<String> present = executor.present();
    Set<String> unfinished = new HashSet<>();
    synchronized (this) {
      for (RunRecord record : journal.unfinished()) {
        unfinished.add(record.runId());
        active.put(record.runId(), record);
        if (record.state() == RunState.QUEUED) {
          queue.addLast(record.runId());
        } else {
          LOG.info(
              "run={} repo={} following after restart ({})",
              record.runId(),
              record.request().task().repository(),
              present.contains(record.runId()) ? "container found" : "no container yet");
          running.put(record.runId(), organisationOf(record));
          work(record, () -> execute(record));
        }
      }
      dispatch();
    }
    present.stream()
        .filter(runId -> !unfinished.contains(runId))
        .forEach(
            runId -> {
              LOG.info("run={} already reported as finished, removing its leftovers", runId);
              executor.remove(runId);
            });
  }

  /** How many of this runner's runs are in {@code state} now (queued or started ones). */
  public synchronized long activeIn(RunState state) {
    return active.values().stream().filter(run -> run.state() == state).count();
  }

  /** The run as last reported, active or finished. */
  public Optional<RunRecord> find(String runId) {
    synchronized (this) {
      RunRecord record = active.get(runId);
      if (record != null) {
        return Optional.of(record);
      }
    }
    return journal.find(runId);
  }

  public String logUrl(String runId) {
    return runsBaseUrl + runId;
  }

  private void dispatch() {
    Iterator<String> waiting = queue.iterator();
    while (running.size() < concurrency && waiting.hasNext()) {
      RunRecord queued = active.get(waiting.next());
      OrganisationLimits.Slot slot = limits.slotOf(queued.request().task().repository());
      if (running.values().stream().filter(slot.organisation()::equals).count() >= slot.limit()) {
        continue;
      }
      waiting.remove();
      running.put(queued.runId(), slot.organisation());
      work(queued, () -> start(queued));
    }
  }

  private String organisationOf(RunRecord record) {
    return limits.slotOf(record.request().task().repository()).organisation();
  }

  /** Runs {@code step} of {@code run} on a worker thread, its log lines naming the run. */
  private void work(RunRecord run, Runnable step) {
    workers.execute(
        () -> {
          try (LogScope fields = logScope(run.request())) {
            step.run();
          }
        });
  }

  private void start(RunRecord queued) {
    RunRecord started;
    try {
      started = transition(queued, RunState.STARTED, r -> r.started(clock.instant()));
    } catch (RuntimeException e) {
      LOG.error(
          "run={} could not be reported as started; it stays queued for the next start",
          queued.runId(),
          e);
      release(queued.runId());
      return;
    }
    synchronized (this) {
      active.put(started.runId(), started);
    }
    execute(started);
  }

  private void execute(RunRecord started) {
    TaskSecrets resolved;
    try {
      resolved = secrets.resolve(started.request().task());
    } catch (SecretResolver.SecretNotDefinedException e) {
      LOG.info("run={} not started: {}", started.runId(), e.getMessage());
      finish(started, Execution.of(new Outcome.Refused(e.getMessage())), SecretMasker.NONE);
      return;
    } catch (RuntimeException e) {
      LOG.error("run={} secrets could not be read", started.runId(), e);
      finish(started, Execution.of(new Outcome.Broken(e.getMessage())), SecretMasker.NONE);
      return;
    }
    Execution execution;
    try {
      execution = executor.execute(started.request(), started.deadline(), resolved);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.info("run={} left running: the runner is stopping", started.runId());
      return;
    } catch (RuntimeException e) {
      LOG.error("run={} executor failed", started.runId(), e);
      execution =
          Execution.of(new Outcome.Broken(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    finish(started, execution, resolved.masker());
  }

  /**
   * Reports the run's end; {@code masker} hides its secrets in the errors and the detail, which
   * become the commit status' description.
   */
  private void finish(RunRecord started, Execution execution, SecretMasker masker) {
    String cancelReason;
    synchronized (this) {
      cancelReason = cancelReasons.remove(started.runId());
    }
    RunState to = RunLifecycle.afterExecution(execution.outcome(), cancelReason != null);
    Integer exitCode =
        execution.outcome() instanceof Outcome.Exited
            ? ((Outcome.Exited) execution.outcome()).exitCode()
            : null;
    List<NormalizedError> errors =
        to == RunState.FAILED || to == RunState.TIMED_OUT
            ? normalizer
                .normalize(logs.tail(started.runId()).text(), execution.junitReports())
                .stream()
                .map(error -> masked(error, masker))
                .toList()
            : List.of();
    String detail =
        masker.mask(detail(started, to, execution.outcome(), exitCode, errors, cancelReason));
    try {
      transition(
          started,
          to,
          r -> r.finished(to, clock.instant(), exitCode, errors, detail, execution.container()));
      executor.remove(started.runId());
    } catch (RuntimeException e) {
      LOG.error(
          "run={} could not be reported as {}; the next start reports it", started.runId(), to, e);
    }
    release(started.runId());
  }

  private static String detail(
      RunRecord started,
      RunState to,
      Outcome outcome,
      Integer exitCode,
      List<NormalizedError> errors,
      String cancelReason) {
    switch (to) {
      case SUCCEEDED:
        return null;
      case FAILED:
        if (outcome instanceof Outcome.Refused refused) {
          return refused.reason();
        }
        return errors.isEmpty() ? "exited with code " + exitCode : errors.get(0).describe();
      case TIMED_OUT:
        return "did not finish within " + started.request().task().timeoutSeconds() + " s";
      case CANCELLED:
        return cancelReason == null ? "stopped" : cancelReason;
      default:
        return outcome instanceof Outcome.Broken ? ((Outcome.Broken) outcome).reason() : to.name();
    }
  }

  private static NormalizedError masked(NormalizedError error, SecretMasker masker) {
    return new NormalizedError(
        masker.mask(error.tool()),
        masker.mask(error.file()),
        error.line(),
        error.column(),
        masker.mask(error.message()));
  }

  private synchronized void release(String runId) {
    running.remove(runId);
    active.remove(runId);
    dispatch();
  }

  private RunRecord transition(RunRecord current, RunState to, UnaryOperator<RunRecord> change) {
    RunState from = current == null ? null : current.state();
    if (!RunLifecycle.allows(from, to)) {
      throw new IllegalStateException(
          "run "
              + (current == null ? "?" : current.runId())
              + " cannot go from "
              + from
              + " to "
              + to);
    }
    RunRecord next = change.apply(current);
    Instant now = clock.instant();
    // The detail (already masked) is why a run ended as it did: for an ERROR, the only trace of the
    // cause an operator has.
    LOG.info(
        "run transition from={} to={} repo={} run={} correlation={}{}",
        from,
        to,
        next.request().task().repository(),
        next.runId(),
        next.request().correlationId(),
        next.detail() == null ? "" : " detail=\"" + next.detail() + "\"");
    events.publish(
        next.request(),
        next.runId() + "." + to.name().toLowerCase(),
        next.event(from, logUrl(next.runId()), now));
    listener.published(from, next);
    synchronized (this) {
      // The run's page shows what was published, before the journal has it too.
      if (from != null && active.containsKey(next.runId())) {
        active.put(next.runId(), next);
      }
    }
    journal.save(next);
    return next;
  }

  @Override
  public void close() {
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The log fields of a task run, on whichever thread handles it. */
  private static LogScope logScope(RunRequest request) {
    return LogScope.with(LogFields.RUN_ID, request.runId())
        .and(LogFields.REPOSITORY, request.task().repository())
        .and(LogFields.CORRELATION_ID, request.correlationId());
  }
}
