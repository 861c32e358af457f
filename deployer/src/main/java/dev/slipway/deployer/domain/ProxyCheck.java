package dev.slipway.deployer.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits, briefly, until a registered release is served through its datacenter's proxy. The proxy
 * (haproxy, rendered from etcd by its sync) is reloaded a moment after the registration — 0.3 to 1
 * s on the one-machine stack — and until then a first release's URL answers 503 "no such service",
 * and a later release's URL is still answered by the release before it, which the proxy names in
 * {@code X-Slipway-Release}: retiring that one now would leave the proxy sending users to stopped
 * containers. A proxy that names no release is taken at its 2xx. Bounded by {@code timeout}: past
 * it the release still counts as rolled out (it runs and is registered), and the caller says that
 * the proxy did not serve it yet. A timeout of zero checks nothing.
 */
public final class ProxyCheck {

  private final HealthProbe probe;
  private final Duration timeout;
  private final Duration interval;
  private final Clock clock;

  public ProxyCheck(HealthProbe probe, Duration timeout, Duration interval, Clock clock) {
    this.probe = probe;
    this.timeout = timeout;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * @return empty once {@code url} answered 2xx from {@code releaseId} (or when nothing is
   *     checked); otherwise the last answer and how long it was waited for, for the user: "HTTP 503
   *     after 15s"
   */
  public Optional<String> awaitServed(String url, String releaseId) {
    if (timeout.isZero() || timeout.isNegative()) {
      return Optional.empty();
    }
    Instant started = clock.instant();
    Instant deadline = started.plus(timeout);
    while (true) {
      HealthProbe.Answer answer = probe.get(url);
      boolean byThisRelease = answer.release() == null || answer.release().equals(releaseId);
      if (answer.healthy() && byThisRelease) {
        return Optional.empty();
      }
      if (!clock.instant().isBefore(deadline)) {
        String who = byThisRelease ? "" : " from release " + answer.release();
        return Optional.of(answer.description() + who + " after " + readable(timeout));
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        // Shutting down: stop waiting, keep the flag for the caller, and claim nothing.
        Thread.currentThread().interrupt();
        return Optional.of(
            answer.description()
                + ", interrupted after "
                + readable(Duration.between(started, clock.instant())));
      }
    }
  }

  private static String readable(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }
}
