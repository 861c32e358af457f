package dev.slipway.compiler.domain;

/** What reading {@code .slipway.yml} at one commit gave. */
public sealed interface PipelineOutcome {

  record Found(Pipeline pipeline) implements PipelineOutcome {}

  /** The commit has no {@code .slipway.yml}: the repository does not use Slipway there. */
  record Missing() implements PipelineOutcome {}

  record Rejected(String reason, Integer line) implements PipelineOutcome {}
}
