package dev.slipway.reporter.config;

import dev.slipway.platform.workers.Worker;
import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.RecoveryChecks;
import dev.slipway.reporter.domain.WatchedHook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a recovery pass of one hook at start and then every interval. A GitHub that is down or
 * rate-limits keeps the check point where it is: the next pass, after the interval or when GitHub
 * said to come back, whichever is later, lists from there again. A hook whose deliveries GitHub
 * refuses to list (it does not exist, or the credential may not see it) is logged once and no
 * longer watched; the other hooks' workers go on.
 */
final class DeliveryRecoveryWorker implements Worker {

  static final String NAME = "github-delivery-recovery";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecoveryWorker.class);

  private final WatchedHook hook;
  private final DeliveryRecoverer recoverer;
  private final RecoveryChecks checks;
  private final Duration interval;
  private final Clock clock;
  private final CountDownLatch closed = new CountDownLatch(1);

  DeliveryRecoveryWorker(
      WatchedHook hook,
      DeliveryRecoverer recoverer,
      RecoveryChecks checks,
      Duration interval,
      Clock clock) {
    this.hook = hook;
    this.recoverer = recoverer;
    this.checks = checks;
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
          checks.checked(hook, clock.instant(), outcome);
          if (outcome.redelivered()
                  + outcome.recovered()
                  + outcome.failed()
                  + outcome.unrecoverable()
              > 0) {
            LOG.info(
                "webhook delivery recovery pass of {}: redeliveries requested {}, recovered {}, failed {}, "
                    + "unrecoverable {}",
                hook,
                outcome.redelivered(),
                outcome.recovered(),
                outcome.failed(),
                outcome.unrecoverable());
          }
        } catch (GitHubWriteException e) {
          if (e.kind() == GitHubWriteException.Kind.REJECTED) {
            LOG.error(
                "not watching {}: GitHub refuses to list its deliveries ({}); check that the hook exists and the "
                    + "credential may read it (slipway.reporter.delivery-recovery.*)",
                hook,
                e.getMessage());
            checks.problem(hook, "not watched: " + e.getMessage());
            return;
          }
          LOG.warn(
              "webhook delivery recovery of {} paused ({}): {}", hook, e.kind(), e.getMessage());
          checks.problem(hook, e.kind() + ": " + e.getMessage());
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
