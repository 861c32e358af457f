package dev.slipway.reporter.config;

import dev.slipway.platform.workers.Worker;
import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.GitHubWriteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a recovery pass at start and then every interval. A GitHub that is down or rate-limits keeps
 * the check point where it is: the next pass, after the interval or when GitHub said to come back,
 * whichever is later, lists from there again.
 */
final class DeliveryRecoveryWorker implements Worker {

  static final String NAME = "github-delivery-recovery";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecoveryWorker.class);

  private final DeliveryRecoverer recoverer;
  private final Duration interval;
  private final Clock clock;
  private final CountDownLatch closed = new CountDownLatch(1);

  DeliveryRecoveryWorker(DeliveryRecoverer recoverer, Duration interval, Clock clock) {
    this.recoverer = recoverer;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      do {
        Instant next = clock.instant().plus(interval);
        try {
          DeliveryRecoverer.Outcome outcome = recoverer.pass();
          if (outcome.redelivered() + outcome.failed() + outcome.unrecoverable() > 0) {
            LOG.info("webhook delivery recovery pass: redeliveries requested {}, failed {}, unrecoverable {}",
                outcome.redelivered(), outcome.failed(), outcome.unrecoverable());
          }
        } catch (GitHubWriteException e) {
          LOG.warn("webhook delivery recovery paused ({}): {}", e.kind(), e.getMessage());
          next = e.retryAt().filter(next::isBefore).orElse(next);
        }
        long waitMillis = Math.max(0, Duration.between(clock.instant(), next).toMillis());
        if (closed.await(waitMillis, TimeUnit.MILLISECONDS)) {
          return;
        }
      } while (true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
