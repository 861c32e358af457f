package dev.slipway.reporter.domain;

import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.WebhookReceived;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the status an event asks for to the {@link StatusReporter}, leaving out what no one should
 * see: statuses meant only for repositories that use Slipway, on a repository that does not, and
 * the early {@code slipway/config} pending of a webhook read long after it arrived (after an
 * outage, or when the reporter reads the webhook topic for the first time), whose outcome is long
 * known.
 */
public final class StatusIntake {

  /**
   * Event types that show nothing on GitHub, each by decision. Every other type of the topics the
   * reporter reads shows something ({@code ReporterCoversEveryEventTest} holds this list to that).
   *
   * <p>{@link RunsCancelled}: each run it cancels shows its end with the runner's own {@code
   * CANCELLED} event, on the run's context, with the reason.
   *
   * <p>{@link ReleaseOperationRequested}: the coordinator answers every request at once, with the
   * new release's admission or a {@code ReleaseOperationRejected}, and those are what GitHub shows;
   * the request alone names no release yet.
   *
   * <p>{@link PullRequestCommand}: the reporter published it itself after answering the command on
   * GitHub (and, for an approval, showing the head's {@code slipway/config} pending); the plan and
   * the runs it causes show the rest.
   */
  public static final Set<Class<?>> SHOWS_NOTHING =
      Set.of(RunsCancelled.class, ReleaseOperationRequested.class, PullRequestCommand.class);

  private static final Logger LOG = LoggerFactory.getLogger(StatusIntake.class);

  private final ReporterRouting reporters;
  private final Clock clock;
  private final Duration webhookPendingMaxAge;

  public StatusIntake(ReporterRouting reporters, Clock clock, Duration webhookPendingMaxAge) {
    this.reporters = reporters;
    this.clock = clock;
    this.webhookPendingMaxAge = webhookPendingMaxAge;
  }

  /**
   * @param data an event of any Slipway topic
   * @param eventTime the envelope's time
   * @return the reporter's verdict, empty when the event shows nothing; for an event that asks for
   *     several (a release's deployment status and its summary), the most consequential: new if any
   *     is new, else unchanged if any is, else stale
   * @throws IOException the reporter could not journal the status; the event must be handed over
   *     again
   */
  public Optional<Ordering.Verdict> offer(Object data, Instant eventTime, String correlationId)
      throws IOException {
    Optional<Ordering.Verdict> verdict = Optional.empty();
    if (SHOWS_NOTHING.contains(data.getClass())) {
      return verdict;
    }
    Optional<DesiredStatus> status = StatusMapping.statusFor(data, eventTime, correlationId);
    if (status.isPresent()) {
      StatusReporter reporter = reporterOf(status.get().key().repository());
      if (reporter != null && shown(data, reporter, status.get(), eventTime)) {
        verdict = Optional.of(reporter.report(status.get()));
      }
    }
    for (DesiredDeploymentStatus refusal : ReleaseReports.refused(data, eventTime, correlationId)) {
      StatusReporter reporter = reporterOf(refusal.key().repository());
      if (reporter != null) {
        verdict = moreConsequential(verdict, reporter.report(refusal));
      }
    }
    // Before the release's reports: a release's admission may be the first event that names it.
    Optional<ReleaseName> name = ReleaseReports.named(data);
    if (name.isPresent()) {
      StatusReporter reporter = reporterOf(name.get().repository());
      if (reporter != null) {
        reporter.named(name.get());
      }
    }
    // After the build's own status, so that the release's deployments see the build's link.
    Optional<ReleaseReports.Release> release = ReleaseReports.about(data);
    StatusReporter reporter = release.isPresent() ? reporterOf(release.get().repository()) : null;
    if (reporter != null) {
      ReleaseView view =
          reporter.release(
              release.get().repository(), release.get().releaseId(), release.get().sha());
      for (Report report :
          ReleaseReports.plan(data, eventTime, correlationId, view, reporter::tagOf)) {
        verdict = moreConsequential(verdict, reporter.report(report));
      }
    }
    return verdict;
  }

  /**
   * The reporter of the repository's organisation; null when none is configured for its owner (the
   * gateway lets no delivery of such an owner in, but the organisations file may have changed since
   * the event was published).
   */
  private StatusReporter reporterOf(String repository) {
    Optional<StatusReporter> reporter = reporters.reporterFor(repository);
    if (reporter.isEmpty()) {
      LOG.debug("no organisation is configured for {}: its status is not shown", repository);
    }
    return reporter.orElse(null);
  }

  private boolean shown(
      Object data, StatusReporter reporter, DesiredStatus status, Instant eventTime) {
    if (StatusMapping.onlyForKnownRepositories(data)
        && !reporter.knowsRepository(status.key().repository())) {
      return false;
    }
    return !((data instanceof WebhookReceived || data instanceof HeadApproval)
        && eventTime.isBefore(clock.instant().minus(webhookPendingMaxAge)));
  }

  private static Optional<Ordering.Verdict> moreConsequential(
      Optional<Ordering.Verdict> so, Ordering.Verdict next) {
    if (so.isEmpty() || next.compareTo(so.get()) < 0) {
      return Optional.of(next);
    }
    return so;
  }
}
