package dev.slipway.deployer.targets;

import dev.slipway.platform.kafka.RetryableException;
import java.time.Duration;

/** How a target waits between two looks at a rollout (Kubernetes and podman alike). */
public final class Polling {

  private Polling() {}

  /**
   * Sleeps {@code interval}. An interrupt (the deployer stopping) ends the wait as a retryable
   * failure: the event is handled again, by this deployer or the next.
   *
   * @param waitingFor what the wait is for, as the failure names it
   */
  public static void pause(Duration interval, String waitingFor) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("interrupted while waiting for " + waitingFor, e);
    }
  }
}
