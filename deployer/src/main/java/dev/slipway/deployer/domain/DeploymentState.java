package dev.slipway.deployer.domain;

import dev.slipway.events.DeploymentFinished.Outcome;
import java.util.Optional;

/** Where the deployment of one release to one datacenter stands. */
public enum DeploymentState {
  PENDING,
  APPLYING,
  ROLLING_OUT,
  ROLLED_OUT,
  FAILED,
  ROLLING_BACK,
  ROLLED_BACK;

  /** The outcome reported for a state the deployment may end in; empty while it is still going. */
  public Optional<Outcome> outcome() {
    switch (this) {
      case ROLLED_OUT:
        return Optional.of(Outcome.ROLLED_OUT);
      case FAILED:
        return Optional.of(Outcome.FAILED);
      case ROLLED_BACK:
        return Optional.of(Outcome.ROLLED_BACK);
      default:
        return Optional.empty();
    }
  }
}
