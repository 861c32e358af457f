package dev.slipway.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of Slipway's topics: one constant per topic, pairing its name with its event types.
 */
public final class Topics {

  /** GitHub sends bodies up to 25 MB; the raw payload travels inside the webhook event. */
  public static final int MAX_WEBHOOK_RECORD_BYTES = 32 * 1024 * 1024;

  private static final Map<String, String> LARGE_RECORDS =
      Map.of(
          "max.message.bytes",
          String.valueOf(MAX_WEBHOOK_RECORD_BYTES),
          "compression.type",
          "producer");

  public static final Topic<WebhookEvent> WEBHOOK =
      Topic.of(
          "slipway.webhook",
          WebhookEvent.class,
          Map.of(
              "dev.slipway.webhook.received", WebhookReceived.class,
              "dev.slipway.pull-request.command", PullRequestCommand.class),
          LARGE_RECORDS);

  public static final Topic<TaskSpecEvent> TASK_SPEC =
      Topic.of(
          "slipway.task-spec",
          TaskSpecEvent.class,
          Map.of(
              "dev.slipway.task.planned", TaskPlanned.class,
              "dev.slipway.task.runs-cancelled", RunsCancelled.class,
              "dev.slipway.pipeline.planned", PipelinePlanned.class,
              "dev.slipway.pipeline.rejected", PipelineRejected.class,
              "dev.slipway.release.requested", ReleaseRequested.class,
              "dev.slipway.release.skipped", ReleaseSkipped.class,
              "dev.slipway.release.operation-requested", ReleaseOperationRequested.class),
          Map.of());

  public static final Topic<ReleaseEvent> RELEASE =
      Topic.of(
          "slipway.release",
          ReleaseEvent.class,
          Map.of(
              "dev.slipway.release.admitted", ReleaseAdmitted.class,
              "dev.slipway.release.superseded", ReleaseSuperseded.class,
              "dev.slipway.release.timed-out", ReleaseTimedOut.class,
              "dev.slipway.release.completed", ReleaseCompleted.class,
              "dev.slipway.release.failed", ReleaseFailed.class,
              "dev.slipway.release.operation-rejected", ReleaseOperationRejected.class),
          Map.of());

  public static final Topic<BuildJobEvent> BUILD_JOB =
      Topic.of(
          "slipway.build-job",
          BuildJobEvent.class,
          Map.of(
              "dev.slipway.run.state-changed", TaskRunStateChanged.class,
              "dev.slipway.release-build.state-changed", ReleaseBuildStateChanged.class),
          Map.of());

  public static final Topic<ImagePushedEvent> IMAGE_PUSHED =
      Topic.of(
          "slipway.image-pushed",
          ImagePushedEvent.class,
          Map.of("dev.slipway.image.pushed", ImagePushed.class),
          Map.of());

  public static final Topic<DeployedEvent> DEPLOYED =
      Topic.of(
          "slipway.deployed",
          DeployedEvent.class,
          Map.of("dev.slipway.deployment.finished", DeploymentFinished.class),
          Map.of());

  public static final Topic<DeadLetterEvent> DEAD_LETTER =
      Topic.of(
          "slipway.dead-letter",
          DeadLetterEvent.class,
          Map.of("dev.slipway.dead-letter", DeadLetter.class),
          LARGE_RECORDS);

  public static final List<Topic<?>> ALL =
      List.of(WEBHOOK, TASK_SPEC, RELEASE, BUILD_JOB, IMAGE_PUSHED, DEPLOYED, DEAD_LETTER);

  private Topics() {}

  public static Optional<Topic<?>> byName(String name) {
    return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
  }
}
