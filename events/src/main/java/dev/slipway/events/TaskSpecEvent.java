package dev.slipway.events;

/** Events on {@code slipway.task-spec}: the work the task-compiler planned from a webhook. */
public sealed interface TaskSpecEvent
    permits TaskPlanned,
        RunsCancelled,
        PipelinePlanned,
        PipelineRejected,
        ReleaseRequested,
        ReleaseSkipped,
        ReleaseOperationRequested {}
