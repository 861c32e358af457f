package dev.slipway.events;

/**
 * The repository's {@code .slipway.yml} at {@code sha} could not be used; reported as a failure on
 * the {@code slipway/config} status. {@code line} is null when the problem has no line.
 */
public record PipelineRejected(
    String repository, String sha, Integer pullRequestNumber, String reason, Integer line)
    implements TaskSpecEvent {}
