package dev.slipway.runner.kafka;

import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.PublishFailedException;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.runner.domain.ReleaseBuilds;
import dev.slipway.runner.domain.RetryLaterException;
import dev.slipway.runner.state.RunFiles;

/**
 * An admitted release is built (once) and its image announced for the admitted datacenter; the
 * coordinator's other decisions are not the runner's. A release id that could name a path is
 * refused (dead-lettered with the reason); an unreachable registry or Kafka hands the admission
 * over again after a back-off.
 */
public final class ReleaseHandler implements EventHandler {

  private final ReleaseBuilds builds;

  public ReleaseHandler(ReleaseBuilds builds) {
    this.builds = builds;
  }

  @Override
  public void handle(ConsumedEvent<?> event) {
    if (!(event.data() instanceof ReleaseAdmitted admitted)) {
      return;
    }
    if (!RunFiles.isSafe(admitted.releaseId())) {
      throw new IllegalArgumentException(
          "release id " + admitted.releaseId() + " is not of a safe shape; not building it");
    }
    try {
      builds.admit(event.envelope(), admitted);
    } catch (RetryLaterException e) {
      throw new RetryableException(e.getMessage(), e);
    } catch (PublishFailedException e) {
      throw new RetryableException(
          "could not report release " + admitted.releaseId() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      // The service is stopping: the admission is not done, so its offset must not move.
      Thread.currentThread().interrupt();
      throw new RetryableException("interrupted while building release " + admitted.releaseId(), e);
    }
  }
}
