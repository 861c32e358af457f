package dev.slipway.compiler.domain;

/**
 * The repository's {@code .slipway.yml} cannot be used: a user error, reported to the user as a
 * rejected pipeline and never retried.
 */
public final class PipelineException extends Exception {

  private final String reason;
  private final Integer line;

  /**
   * @param line 1-based line of the problem, null when it has no line
   */
  public PipelineException(String reason, Integer line) {
    super(line == null ? reason : "line " + line + ": " + reason);
    this.reason = reason;
    this.line = line;
  }

  public String reason() {
    return reason;
  }

  public Integer line() {
    return line;
  }
}
