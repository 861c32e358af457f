package dev.slipway.events;

/** Events on {@code slipway.build-job}: state changes of task runs and release builds. */
public sealed interface BuildJobEvent permits TaskRunStateChanged, ReleaseBuildStateChanged {}
