package dev.slipway.runner.kafka;

import dev.slipway.events.Topics;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.runner.domain.RunScheduler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Consumes {@code slipway.task-spec} in group {@code build-runner}, after picking up the runs a
 * previous runner left.
 */
@ApplicationScoped
public class TaskSpecConsumer {

  public static final String GROUP = "build-runner";

  private final RunScheduler scheduler;
  private final ConsumerLauncher launcher;

  TaskSpecConsumer(RunScheduler scheduler, ConsumerLauncher launcher) {
    this.scheduler = scheduler;
    this.launcher = launcher;
  }

  void onStart(@Observes StartupEvent event) {
    scheduler.recover();
    launcher.start(GROUP, List.of(Topics.TASK_SPEC), new TaskSpecHandler(scheduler));
  }
}
