package dev.slipway.reporter.config;

import dev.slipway.platform.runtime.Workers;
import dev.slipway.reporter.commands.PullRequestGitHub;
import dev.slipway.reporter.commands.github.GitHubConnection;
import dev.slipway.reporter.commands.github.GitHubPullRequests;
import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.DeliveryRecovery;
import dev.slipway.reporter.domain.RecoveryChecks;
import dev.slipway.reporter.domain.StatusIntake;
import dev.slipway.reporter.domain.StatusReporter;
import dev.slipway.reporter.domain.WatchedHook;
import dev.slipway.reporter.domain.WriteBudget;
import dev.slipway.reporter.github.GitHubAuthorization;
import dev.slipway.reporter.github.GitHubClients;
import dev.slipway.reporter.github.GitHubCommitStatuses;
import dev.slipway.reporter.github.GitHubDeployments;
import dev.slipway.reporter.github.GitHubHookDeliveries;
import dev.slipway.reporter.github.GitHubRepositories;
import dev.slipway.reporter.state.JsonLinesStatusJournal;
import dev.slipway.reporter.state.JsonRecoveryStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Shutdown;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.github.authorization.AuthorizationProvider;
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
  private final ReporterMetrics metrics;
  private final GitHubRepositories repositories;
  private final AuthorizationProvider authorization;
  private final AuthorizationProvider appHookAuthorization;
  private final RecoveryChecks recoveryChecks = new RecoveryChecks();

  ReporterBeans(
      GitHubSettings github, ReporterSettings settings, Clock clock, MeterRegistry meters) {
    this.settings = settings;
    this.clock = clock;
    this.metrics = new ReporterMetrics(meters);
    this.journal =
        new JsonLinesStatusJournal(settings.stateDir(), settings.stateRetention(), clock);
    try {
      this.authorization = authorization(github);
      this.appHookAuthorization =
          github
              .app()
              .map(app -> GitHubAuthorization.appJwt(app.id(), app.privateKeyFile()))
              .orElse(authorization);
      this.repositories =
          new GitHubRepositories(GitHubClients.build(github.apiUrl(), authorization), clock);
      this.reporter =
          new StatusReporter(
              new GitHubCommitStatuses(repositories),
              new GitHubDeployments(repositories, authorization),
              journal,
              WriteBudget.perMinuteAndHour(github.budget().perMinute(), github.budget().perHour()),
              clock,
              github.retry().firstBackoff(),
              github.retry().maxBackoff(),
              metrics.writes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the GitHub client for " + github.apiUrl(), e);
    }
    metrics.watch(reporter);
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
   * GitHub as the pull-request commands reach it: the reporter's one client and credential, for
   * every repository.
   */
  @Produces
  @Singleton
  PullRequestGitHub pullRequestGitHub(GitHubSettings github) {
    return new GitHubPullRequests(
        repository -> new GitHubConnection(github.apiUrl(), authorization), clock);
  }

  @Produces
  @Singleton
  RecoveryChecks recoveryChecks() {
    return recoveryChecks;
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
   * Redelivers the webhooks GitHub could not deliver while Slipway was down, one supervised worker
   * per watched hook. The App's hook is watched by default only with App credentials: its endpoints
   * refuse a token.
   */
  void startDeliveryRecovery(@Observes StartupEvent event, Workers workers, GitHubSettings github) {
    ReporterSettings.DeliveryRecovery recovery = settings.deliveryRecovery();
    List<WatchedHook> hooks = recovery.enabled() ? watchedHooks(recovery, github) : List.of();
    if (hooks.isEmpty()) {
      LOG.info(
          "webhook delivery recovery is off: no hook to watch (slipway.reporter.delivery-recovery.*)");
      return;
    }
    recoveryChecks.watching(hooks);
    DeliveryRecovery policy = new DeliveryRecovery(recovery.perPass());
    DeliveryRecoverer.Listener listener = metrics.redeliveries();
    LOG.info(
        "webhook delivery recovery of {} every {}, at most {} redeliveries a pass",
        hooks,
        recovery.interval(),
        recovery.perPass());
    for (WatchedHook hook : hooks) {
      GitHubHookDeliveries deliveries =
          new GitHubHookDeliveries(
              repositories,
              hook.kind() == WatchedHook.Kind.APP ? appHookAuthorization : authorization,
              hook);
      JsonRecoveryStateStore store = new JsonRecoveryStateStore(settings.stateDir(), hook);
      workers.start(
          DeliveryRecoveryWorker.NAME + "-" + hook.slug(),
          () ->
              new DeliveryRecoveryWorker(
                  hook,
                  new DeliveryRecoverer(
                      hook, deliveries, store, policy, reporter.sharedBudget(), clock, listener),
                  recoveryChecks,
                  recovery.interval(),
                  clock));
    }
  }

  /**
   * A hook named wrongly in the settings stops the start: it is a typo, not a fault to live with.
   */
  private static List<WatchedHook> watchedHooks(
      ReporterSettings.DeliveryRecovery recovery, GitHubSettings github) {
    List<WatchedHook> hooks = new ArrayList<>();
    if (recovery.appHook().orElse(github.app().isPresent())) {
      hooks.add(WatchedHook.APP);
    }
    recovery
        .organizationHooks()
        .orElse(List.of())
        .forEach(setting -> hooks.add(WatchedHook.parse(WatchedHook.Kind.ORGANIZATION, setting)));
    recovery
        .repositoryHooks()
        .orElse(List.of())
        .forEach(setting -> hooks.add(WatchedHook.parse(WatchedHook.Kind.REPOSITORY, setting)));
    return hooks;
  }

  /**
   * Closing the reporter waits for the write in progress, so its journal line lands before the
   * journal closes.
   */
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
}
