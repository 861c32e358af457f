package dev.slipway.ops;

import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.WebhookReceived;
import dev.slipway.testsupport.TaskPlans;
import dev.slipway.testsupport.Webhooks;
import java.util.List;

/** The events of a pull request's flow, as the services make them. */
public final class SampleEvents {

  public static final String REPO = "acme/widgets";
  public static final String SHA = "3f2a1b9c0d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a";

  private SampleEvents() {}

  public static WebhookReceived pullRequestOpened(String delivery, String repository) {
    return Webhooks.pullRequest(repository, 7, SHA)
        .delivery(delivery)
        .cloneUrl("file:///" + repository + ".git")
        .sender("octocat")
        .build();
  }

  public static PipelinePlanned planned(String repository, String... tasks) {
    return new PipelinePlanned(repository, SHA, 7, true, List.of(tasks));
  }

  public static TaskPlanned task(String repository, String runId, String task) {
    return TaskPlans.taskPlanned().runId(runId).repository(repository).sha(SHA).task(task).build();
  }

  public static TaskRunStateChanged state(
      String repository, String runId, String task, RunState from, RunState to) {
    return new TaskRunStateChanged(
        runId,
        repository,
        SHA,
        task,
        7,
        from,
        to,
        exitCode(to),
        List.of(),
        null,
        "http://runner/runs/" + runId,
        null,
        null,
        null);
  }

  private static Integer exitCode(RunState state) {
    if (!state.isTerminal()) {
      return null;
    }
    return state == RunState.SUCCEEDED ? 0 : 1;
  }
}
