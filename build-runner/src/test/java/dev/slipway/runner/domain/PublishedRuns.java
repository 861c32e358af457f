package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Where a scheduler under test publishes: keeps every state change with its event id, in order. */
public final class PublishedRuns implements RunEvents {

  private final Duration wait;
  private final List<Published> published = new CopyOnWriteArrayList<>();

  /** A state change as it was published. */
  public record Published(String eventId, TaskRunStateChanged event) {}

  /** Waits up to {@code wait} for what a test expects. */
  public PublishedRuns(Duration wait) {
    this.wait = wait;
  }

  @Override
  public void publish(RunRequest request, String eventId, TaskRunStateChanged event) {
    published.add(new Published(eventId, event));
  }

  /** The ids of every event published, in order. */
  public List<String> eventIds() {
    return published.stream().map(Published::eventId).toList();
  }

  /**
   * Waits until {@code runId} has as many state changes as {@code states}, asserts they are these,
   * and returns them.
   */
  public List<TaskRunStateChanged> awaitStates(String runId, RunState... states) {
    await().atMost(wait).until(() -> statesOf(runId).size() >= states.length);
    assertThat(statesOf(runId)).containsExactly(states);
    return eventsOf(runId);
  }

  /**
   * Waits until {@code runId} was queued, started and ended in {@code end}, asserts it went so, and
   * returns its last state change.
   */
  public TaskRunStateChanged awaitEnd(String runId, RunState end) {
    return awaitStates(runId, RunState.QUEUED, RunState.STARTED, end).get(2);
  }

  /** Waits until {@code runId} was reported in {@code state}. */
  public void awaitState(String runId, RunState state) {
    await().atMost(wait).until(() -> statesOf(runId).contains(state));
  }

  /** The states {@code runId} was reported in so far, in order. */
  public List<RunState> statesOf(String runId) {
    return eventsOf(runId).stream().map(TaskRunStateChanged::to).toList();
  }

  /** Forgets everything published so far. */
  public void clear() {
    published.clear();
  }

  private List<TaskRunStateChanged> eventsOf(String runId) {
    return published.stream()
        .map(Published::event)
        .filter(event -> event.runId().equals(runId))
        .toList();
  }
}
