package dev.slipway.runner.kafka;

import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.PublishFailedException;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.state.RunFiles;

/**
 * Planned tasks are queued, runs of a superseded or closed pull request are cancelled, other
 * task-spec events are not the runner's. A run id that could name a path is refused (dead-lettered
 * with the reason).
 */
public final class TaskSpecHandler implements EventHandler {

  private final RunScheduler scheduler;

  public TaskSpecHandler(RunScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(ConsumedEvent<?> event) {
    Object data = event.data();
    if (data instanceof TaskPlanned) {
      TaskPlanned task = (TaskPlanned) data;
      if (!RunFiles.isSafe(task.runId())) {
        throw new IllegalArgumentException(
            "run id " + task.runId() + " is not of a safe shape; not running it");
      }
      try {
        scheduler.submit(
            new RunRequest(task, event.envelope().id(), event.envelope().correlationId()));
      } catch (PublishFailedException e) {
        throw new RetryableException(
            "could not report run " + task.runId() + " as queued: " + e.getMessage(), e);
      }
    } else if (data instanceof RunsCancelled) {
      scheduler.cancel(event.envelope().subject(), (RunsCancelled) data);
    }
  }
}
