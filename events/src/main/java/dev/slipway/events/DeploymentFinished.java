package dev.slipway.events;

/**
 * The outcome of deploying a release to one datacenter.
 *
 * @param serviceUrl where the release answers in that datacenter (through its haproxy), or null
 *     when it did not roll out or the datacenter has no public address configured
 */
public record DeploymentFinished(
    String releaseId,
    String repository,
    String tag,
    String sha,
    int releaseNumber,
    String datacenter,
    Outcome outcome,
    String imageReference,
    String detail,
    String serviceUrl)
    implements DeployedEvent, ReleaseProgress {

  public enum Outcome {
    ROLLED_OUT,
    FAILED,
    ROLLED_BACK
  }
}
