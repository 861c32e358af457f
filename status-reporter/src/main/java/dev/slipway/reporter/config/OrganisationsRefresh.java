package dev.slipway.reporter.config;

import dev.slipway.platform.workers.Worker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Looks at the organisations file every interval, so a change reaches an organisation's reporter
 * even while no event of it arrives: new credentials for the statuses it keeps retrying, a new
 * budget for those it holds back, a new organisation's reporter made.
 */
final class OrganisationsRefresh implements Worker {

  static final String NAME = "organisations-refresh";

  private final OrganisationReporters organisations;
  private final Duration interval;
  private final CountDownLatch closed = new CountDownLatch(1);

  OrganisationsRefresh(OrganisationReporters organisations, Duration interval) {
    this.organisations = organisations;
    this.interval = interval;
  }

  @Override
  public void run() {
    try {
      while (!closed.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
        organisations.all();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
