package dev.slipway.reporter.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What the GitHub deployment of a release in one datacenter should show, with what is needed to
 * create the deployment when it does not exist yet.
 *
 * @param tag the release's tag: the deployment's {@code ref}; may be null only when {@code
 *     githubDeploymentId} is given (Slipway creates no deployment then)
 * @param sha the tag's commit, where the {@code slipway/release} summary is shown; may be null as
 *     {@code tag}
 * @param releaseNumber the release's number, in the deployment's payload
 * @param environmentUrl where the release answers in the datacenter, once live
 * @param logUrl the release's build page
 * @param githubDeploymentId the deployment a person created on GitHub to ask for the release (a
 *     rollback, retry or redeploy), which these statuses answer instead of one Slipway creates;
 *     null when Slipway creates its own
 */
public record DesiredDeploymentStatus(
    DeploymentKey key,
    String tag,
    String sha,
    int releaseNumber,
    DeploymentStep step,
    String description,
    String environmentUrl,
    String logUrl,
    Instant occurredAt,
    String correlationId,
    Long githubDeploymentId)
    implements Report {

  public DesiredDeploymentStatus {
    Objects.requireNonNull(key, "key");
    if (githubDeploymentId == null) {
      Objects.requireNonNull(tag, "tag: the ref of the deployment Slipway creates");
      Objects.requireNonNull(sha, "sha");
    }
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  public DeploymentState state() {
    return step.state();
  }

  /** What GitHub shows for this one once written. */
  public DeploymentStatus deploymentStatus() {
    return new DeploymentStatus(state(), description, environmentUrl, logUrl);
  }

  @Override
  public String runId() {
    return key.releaseId();
  }

  @Override
  public Progress progress() {
    return step.progress();
  }

  /** The same deployment at another step, with the links it has unless the step brings its own. */
  public DesiredDeploymentStatus next(
      DeploymentStep nextStep,
      String nextDescription,
      String nextEnvironmentUrl,
      String nextLogUrl,
      Instant at,
      String correlation) {
    return new DesiredDeploymentStatus(
        key,
        tag,
        sha,
        releaseNumber,
        nextStep,
        Descriptions.fit(nextDescription),
        nextEnvironmentUrl,
        nextLogUrl == null ? logUrl : nextLogUrl,
        at,
        correlation,
        githubDeploymentId);
  }

  @Override
  public boolean looksLike(Report other) {
    return other instanceof DesiredDeploymentStatus that
        && deploymentStatus().equals(that.deploymentStatus());
  }

  @Override
  public boolean differsOnlyInLink(Report other) {
    return other instanceof DesiredDeploymentStatus that
        && state() == that.state()
        && description.equals(that.description)
        && !looksLike(that);
  }

  @Override
  public String shown() {
    return state().name().toLowerCase() + " \"" + description + "\"";
  }
}
