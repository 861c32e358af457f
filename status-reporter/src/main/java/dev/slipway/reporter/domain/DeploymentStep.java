package dev.slipway.reporter.domain;

/** Where a release stands in one datacenter, and what GitHub's deployment shows for it. */
public enum DeploymentStep {
  /** The coordinator admitted the release to the datacenter. */
  ADMITTED(DeploymentState.QUEUED, Progress.QUEUED),
  /** Its image is being built (only in the first datacenter: the image is built once). */
  BUILDING(DeploymentState.IN_PROGRESS, Progress.RUNNING),
  /** The image is pushed and the deployer rolls it out. */
  ROLLING_OUT(DeploymentState.IN_PROGRESS, Progress.RUNNING),
  LIVE(DeploymentState.SUCCESS, Progress.FINISHED),
  /** Rolled back, failed to deploy, or its build failed. */
  FAILED(DeploymentState.FAILURE, Progress.FINISHED),
  /**
   * Timed out, an infrastructure error, or a rollback, retry or redeploy refused: not the release's
   * own fault.
   */
  ERROR(DeploymentState.ERROR, Progress.FINISHED);

  private final DeploymentState state;
  private final Progress progress;

  DeploymentStep(DeploymentState state, Progress progress) {
    this.state = state;
    this.progress = progress;
  }

  public DeploymentState state() {
    return state;
  }

  public Progress progress() {
    return progress;
  }

  public boolean isFinal() {
    return progress == Progress.FINISHED;
  }
}
