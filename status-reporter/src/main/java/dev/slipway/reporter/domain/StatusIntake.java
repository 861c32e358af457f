package dev.slipway.reporter.domain;

import dev.slipway.events.WebhookReceived;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Offers the status an event asks for to the {@link StatusReporter}, leaving out what no one
 * should see: statuses meant only for repositories that use Slipway, on a repository that does
 * not, and the early {@code slipway/config} pending of a webhook read long after it arrived (after
 * an outage, or when the reporter reads the webhook topic for the first time), whose outcome is
 * long known.
 */
public final class StatusIntake {

  private final StatusReporter reporter;
  private final Clock clock;
  private final Duration webhookPendingMaxAge;

  public StatusIntake(StatusReporter reporter, Clock clock, Duration webhookPendingMaxAge) {
    this.reporter = reporter;
    this.clock = clock;
    this.webhookPendingMaxAge = webhookPendingMaxAge;
  }

  /**
   * @param data an event of any Slipway topic
   * @param eventTime the envelope's time
   * @return the reporter's verdict, empty when the event shows nothing
   * @throws IOException the reporter could not journal the status; the event must be handed over again
   */
  public Optional<Ordering.Verdict> offer(Object data, Instant eventTime, String correlationId) throws IOException {
    Optional<DesiredStatus> status = StatusMapping.statusFor(data, eventTime, correlationId);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    if (StatusMapping.onlyForKnownRepositories(data) && !reporter.knowsRepository(status.get().key().repository())) {
      return Optional.empty();
    }
    if (data instanceof WebhookReceived && eventTime.isBefore(clock.instant().minus(webhookPendingMaxAge))) {
      return Optional.empty();
    }
    return Optional.of(reporter.report(status.get()));
  }
}
