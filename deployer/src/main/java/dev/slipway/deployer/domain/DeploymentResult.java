package dev.slipway.deployer.domain;

import dev.slipway.events.DeploymentFinished.Outcome;

/** How the deployment of a release to one datacenter ended, with one line for the user. */
public record DeploymentResult(DeploymentState state, String detail) {

  public DeploymentResult {
    if (state.outcome().isEmpty()) {
      throw new IllegalArgumentException(state + " is not a state a deployment ends in");
    }
    // The detail travels as one line to GitHub and to the logs; API errors often span several.
    detail = detail.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  public Outcome outcome() {
    return state.outcome().orElseThrow();
  }
}
