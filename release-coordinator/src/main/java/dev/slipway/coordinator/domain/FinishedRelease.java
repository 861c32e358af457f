package dev.slipway.coordinator.domain;

import dev.slipway.events.ReleaseState;
import java.time.Instant;

/**
 * A release that reached a terminal state: kept so that late or repeated events about it change
 * nothing, so that it can be rolled back to, retried or redeployed, and for its history.
 *
 * @param release the release in its terminal state, {@code since} when it ended
 * @param detail why it ended so, for people
 */
public record FinishedRelease(Release release, String detail) {

  public String releaseId() {
    return release.releaseId();
  }

  public int number() {
    return release.number();
  }

  public ReleaseState state() {
    return release.state();
  }

  public Instant finishedAt() {
    return release.since();
  }
}
