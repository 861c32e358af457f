package dev.slipway.reporter.domain;

import java.util.Objects;

/** One GitHub deployment: a release of a repository to one datacenter (its environment). */
public record DeploymentKey(String repository, String releaseId, String datacenter)
    implements ReportKey {

  public DeploymentKey {
    Objects.requireNonNull(repository, "a deployment needs a repository");
    Objects.requireNonNull(releaseId, "a deployment needs a release id");
    Objects.requireNonNull(datacenter, "a deployment needs a datacenter");
  }

  @Override
  public String toString() {
    return repository + " release " + releaseId + " in " + datacenter;
  }
}
