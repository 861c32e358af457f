package dev.slipway.runner.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.slf4j.MDC;

/** Runs nothing: each run waits until the test ends it, and every call is recorded. */
final class FakeExecutor implements TaskExecutor {

  final List<String> executed = new CopyOnWriteArrayList<>();
  final List<String> stopped = new CopyOnWriteArrayList<>();
  final List<String> removed = new CopyOnWriteArrayList<>();
  final Set<String> present = ConcurrentHashMap.newKeySet();
  final Map<String, Instant> deadlines = new ConcurrentHashMap<>();
  final Map<String, String> logFields = new ConcurrentHashMap<>();
  final Map<String, TaskSecrets> secrets = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Execution>> endings = new ConcurrentHashMap<>();

  @Override
  public Execution execute(RunRequest request, Instant deadline, TaskSecrets secrets)
      throws InterruptedException {
    executed.add(request.runId());
    this.secrets.put(request.runId(), secrets);
    deadlines.put(request.runId(), deadline);
    logFields.put(
        request.runId(),
        MDC.get("run_id") + " " + MDC.get("repository") + " " + MDC.get("correlation_id"));
    try {
      return ending(request.runId()).get();
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  void end(String runId, Outcome outcome, List<String> junitReports) {
    ending(runId).complete(new Execution(outcome, junitReports, null));
  }

  void end(String runId, Outcome outcome) {
    end(runId, outcome, List.of());
  }

  void breakDown(String runId, RuntimeException failure) {
    ending(runId).completeExceptionally(failure);
  }

  @Override
  public void stop(String runId) {
    stopped.add(runId);
    end(runId, new Outcome.Exited(143));
  }

  @Override
  public Set<String> present() {
    return Set.copyOf(present);
  }

  @Override
  public void remove(String runId) {
    removed.add(runId);
  }

  private CompletableFuture<Execution> ending(String runId) {
    return endings.computeIfAbsent(runId, id -> new CompletableFuture<>());
  }
}
