package dev.slipway.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The restarts a supervisor reported, one {@code worker: cause's message} line each, in order: give
 * it to the platform's {@code Supervisor.Listener.onRestart} and assert on {@link #lines()}.
 */
public final class WorkerRestarts implements BiConsumer<String, RuntimeException> {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void accept(String worker, RuntimeException cause) {
    lines.add(worker + ": " + cause.getMessage());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }
}
