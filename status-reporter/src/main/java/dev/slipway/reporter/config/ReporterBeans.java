package dev.slipway.reporter.config;

import dev.slipway.platform.runtime.Workers;
import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.DeliveryRecovery;
import dev.slipway.reporter.domain.HookDelivery;
import dev.slipway.reporter.domain.Report;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.StatusIntake;
import dev.slipway.reporter.domain.StatusReporter;
import dev.slipway.reporter.domain.WriteBudget;
import dev.slipway.reporter.github.GitHubAuthorization;
import dev.slipway.reporter.github.GitHubClients;
import dev.slipway.reporter.github.GitHubHookDeliveries;
import dev.slipway.reporter.github.KohsukeCommitStatuses;
import dev.slipway.reporter.github.KohsukeDeployments;
import dev.slipway.reporter.github.KohsukeRepositories;
import dev.slipway.reporter.state.JsonLinesStatusJournal;
import dev.slipway.reporter.state.JsonRecoveryStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Shutdown;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.kohsuke.github.authorization.AuthorizationProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the reporter from its settings. */
@ApplicationScoped
public class ReporterBeans {

  private static final Logger LOG = LoggerFactory.getLogger(ReporterBeans.class);

  private final JsonLinesStatusJournal journal;
  private final StatusReporter reporter;
  private final StatusIntake intake;
  private final ReporterSettings settings;
  private final Clock clock;
  private final MeterRegistry meters;
  private final KohsukeRepositories repositories;
  private final AuthorizationProvider hookAuthorization;

  ReporterBeans(GitHubSettings github, ReporterSettings settings, Clock clock, MeterRegistry meters) {
    this.settings = settings;
    this.clock = clock;
    this.meters = meters;
    this.journal = new JsonLinesStatusJournal(settings.stateDir(), settings.stateRetention(), clock);
    try {
      AuthorizationProvider authorization = authorization(github);
      this.hookAuthorization = github.app()
          .map(app -> GitHubAuthorization.appJwt(app.id(), app.privateKeyFile()))
          .orElse(authorization);
      this.repositories =
          new KohsukeRepositories(GitHubClients.build(github.apiUrl(), authorization), clock);
      this.reporter =
          new StatusReporter(
              new KohsukeCommitStatuses(repositories),
              new KohsukeDeployments(repositories, authorization),
              journal,
              WriteBudget.perMinuteAndHour(github.budget().perMinute(), github.budget().perHour()),
              clock,
              github.retry().firstBackoff(),
              github.retry().maxBackoff(),
              metrics(meters));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the GitHub client for " + github.apiUrl(), e);
    }
    meters.gauge("slipway.github.statuses.pending", reporter, StatusReporter::pending);
    this.intake = new StatusIntake(reporter, clock, settings.webhookPendingMaxAge());
  }

  @Produces
  @Singleton
  StatusReporter reporter() {
    return reporter;
  }

  @Produces
  @Singleton
  StatusIntake intake() {
    return intake;
  }

  /**
   * Writes to GitHub on a supervised thread: a writer that fails is replaced, one that dies of an
   * {@link Error} turns liveness down. It may start before {@code StatusEventConsumer} loads the
   * journal: it waits for work.
   */
  void startWriter(@Observes StartupEvent event, Workers workers) {
    workers.start(StatusWriterWorker.NAME, () -> new StatusWriterWorker(reporter));
  }

  /**
   * Redelivers the App's webhooks GitHub could not deliver while Slipway was down. On by default only
   * with App credentials: the App's hook endpoints refuse a token.
   */
  void startDeliveryRecovery(@Observes StartupEvent event, Workers workers, GitHubSettings github) {
    ReporterSettings.DeliveryRecovery recovery = settings.deliveryRecovery();
    if (!recovery.enabled().orElse(github.app().isPresent())) {
      LOG.info("webhook delivery recovery is off (slipway.reporter.delivery-recovery.enabled, or no GitHub App)");
      return;
    }
    GitHubHookDeliveries deliveries = new GitHubHookDeliveries(repositories, hookAuthorization);
    JsonRecoveryStateStore store = new JsonRecoveryStateStore(settings.stateDir());
    DeliveryRecovery policy = new DeliveryRecovery(recovery.perPass());
    DeliveryRecoverer.Listener listener = redeliveryMetrics(meters);
    LOG.info("webhook delivery recovery every {}, at most {} redeliveries a pass", recovery.interval(),
        recovery.perPass());
    workers.start(DeliveryRecoveryWorker.NAME, () -> new DeliveryRecoveryWorker(
        new DeliveryRecoverer(deliveries, store, policy, clock, listener), recovery.interval(), clock));
  }

  /** Closing the reporter waits for the write in progress, so its journal line lands before the journal closes. */
  @Shutdown
  void close() throws IOException, InterruptedException {
    reporter.close();
    journal.close();
  }

  private static AuthorizationProvider authorization(GitHubSettings github) {
    if (github.app().isPresent()) {
      GitHubSettings.App app = github.app().get();
      return GitHubAuthorization.app(app.id(), app.privateKeyFile(), app.installationId());
    }
    return github.token().map(GitHubAuthorization::token).orElseGet(GitHubAuthorization::anonymous);
  }

  private static DeliveryRecoverer.Listener redeliveryMetrics(MeterRegistry meters) {
    return new DeliveryRecoverer.Listener() {
      @Override
      public void recovered(HookDelivery delivery) {
        meters.counter("slipway.github.redeliveries", "outcome", "recovered").increment();
      }

      @Override
      public void failed(HookDelivery delivery) {
        meters.counter("slipway.github.redeliveries", "outcome", "failed").increment();
      }

      @Override
      public void unrecoverable(HookDelivery delivery) {
        meters.counter("slipway.github.redeliveries", "outcome", "unrecoverable").increment();
      }
    };
  }

  private static StatusReporter.Listener metrics(MeterRegistry meters) {
    return new StatusReporter.Listener() {
      @Override
      public void written(Report report) {
        meters.counter("slipway.github.writes", "outcome", "written").increment();
      }

      @Override
      public void failed(Report report, GitHubWriteException.Kind kind) {
        meters.counter("slipway.github.writes", "outcome", kind.name().toLowerCase()).increment();
      }
    };
  }
}
