package dev.slipway.reporter.domain;

import java.util.Objects;

/**
 * One status of a GitHub deployment, as GitHub shows it.
 *
 * @param environmentUrl where the release answers, once live; may be null
 * @param logUrl the release's build page; may be null
 */
public record DeploymentStatus(
    DeploymentState state, String description, String environmentUrl, String logUrl) {

  public DeploymentStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(description, "description");
  }
}
