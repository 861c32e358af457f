package dev.slipway.events;

/** The outcome of deploying a release to one datacenter. */
public record DeploymentFinished(
    String releaseId,
    String repository,
    String tag,
    String sha,
    String datacenter,
    Outcome outcome,
    String imageReference,
    String detail)
    implements DeployedEvent {

  public enum Outcome {
    ROLLED_OUT,
    FAILED,
    ROLLED_BACK
  }
}
