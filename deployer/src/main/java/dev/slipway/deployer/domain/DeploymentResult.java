package dev.slipway.deployer.domain;

import dev.slipway.events.DeploymentFinished.Outcome;
import java.util.Optional;

/**
 * How the deployment of a release to one datacenter ended, with one line for the user.
 *
 * @param serviceUrl where the release answers through the datacenter's haproxy; only when rolled
 *     out
 */
public record DeploymentResult(DeploymentState state, String detail, Optional<String> serviceUrl) {

  public DeploymentResult {
    if (state.outcome().isEmpty()) {
      throw new IllegalArgumentException(state + " is not a state a deployment ends in");
    }
    // The detail travels as one line to GitHub and to the logs; API errors often span several.
    detail = detail.replaceAll("\\s*\\R\\s*", " ").strip();
    if (state != DeploymentState.ROLLED_OUT) {
      serviceUrl = Optional.empty();
    }
  }

  public DeploymentResult(DeploymentState state, String detail) {
    this(state, detail, Optional.empty());
  }

  public Outcome outcome() {
    return state.outcome().orElseThrow();
  }
}
