package dev.slipway.reporter.config;

import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.runtime.CredentialSettings;
import dev.slipway.platform.runtime.OrganisationSettings;
import dev.slipway.platform.runtime.Workers;
import dev.slipway.reporter.commands.PullRequestGitHub;
import dev.slipway.reporter.commands.github.GitHubConnection;
import dev.slipway.reporter.commands.github.GitHubPullRequests;
import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.DeliveryRecovery;
import dev.slipway.reporter.domain.PerOrganisation;
import dev.slipway.reporter.domain.RecoveryChecks;
import dev.slipway.reporter.domain.RequestBudget;
import dev.slipway.reporter.domain.StatusIntake;
import dev.slipway.reporter.domain.WatchedHook;
import dev.slipway.reporter.domain.WriteBudget;
import dev.slipway.reporter.github.GitHubAuthorization;
import dev.slipway.reporter.github.GitHubClients;
import dev.slipway.reporter.github.GitHubHookDeliveries;
import dev.slipway.reporter.github.GitHubRepositories;
import dev.slipway.reporter.state.JsonRecoveryStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Shutdown;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the reporter from its settings: one {@link OrganisationReporter} per organisation (its
 * client, credentials, write budget, journal and writer), made when the organisation is first
 * needed, all of them at start.
 */
@ApplicationScoped
public class ReporterBeans {

  private static final Logger LOG = LoggerFactory.getLogger(ReporterBeans.class);

  private final GitHubSettings github;
  private final ReporterSettings settings;
  private final Clock clock;
  private final ReporterMetrics metrics;
  private final Workers workers;
  private final OrganisationReporters organisations;
  private final StatusIntake intake;
  private final RecoveryChecks recoveryChecks = new RecoveryChecks();
  private final OrganisationReporterFactory factory;
  private final Duration organisationsCheckInterval;

  ReporterBeans(
      GitHubSettings github,
      ReporterSettings settings,
      OrganisationSettings organisationSettings,
      Clock clock,
      MeterRegistry meters,
      Workers workers) {
    this.github = github;
    this.settings = settings;
    this.clock = clock;
    this.workers = workers;
    this.metrics = new ReporterMetrics(meters);
    this.organisationsCheckInterval = organisationSettings.checkInterval();
    // Without an organisations file: one organisation for every owner, with the reporter's own
    // credentials and budget (its webhook secrets are the gateway's business).
    Supplier<Organisations> configured =
        OrganisationSettings.organisations(
            organisationSettings,
            () ->
                Organisations.anyOwner(
                    List.of("unused"),
                    credentials(github),
                    new Organisation.WriteBudget(
                        github.budget().perMinute(), github.budget().perHour())));
    this.factory =
        new OrganisationReporterFactory(
            new OrganisationReporterFactory.Shared(
                github.apiUrl(),
                settings.stateDir(),
                settings.stateRetention(),
                github.retry().firstBackoff(),
                github.retry().maxBackoff(),
                settings.credentials().renewWhenLeft(),
                clock),
            metrics,
            workers::start);
    this.organisations = new OrganisationReporters(new PerOrganisation<>(configured, factory));
    this.intake = new StatusIntake(organisations, clock, settings.webhookPendingMaxAge());
  }

  @Produces
  @Singleton
  OrganisationReporters organisations() {
    return organisations;
  }

  @Produces
  @Singleton
  StatusIntake intake() {
    return intake;
  }

  /**
   * GitHub as the pull-request commands reach it: with the credential of the repository's
   * organisation. A repository no organisation serves (the file changed since the delivery) is
   * asked anonymously, and GitHub's refusal says so.
   */
  @Produces
  @Singleton
  PullRequestGitHub pullRequestGitHub() {
    return new GitHubPullRequests(
        repository ->
            new GitHubConnection(
                github.apiUrl(),
                organisations
                    .of(repository)
                    .map(organisation -> organisation.client().authorization())
                    .orElseGet(GitHubAuthorization::anonymous)),
        clock);
  }

  @Produces
  @Singleton
  RecoveryChecks recoveryChecks() {
    return recoveryChecks;
  }

  /**
   * Makes every organisation configured now: its journal is read and what it had not written yet is
   * written, without waiting for an event of it. Then follows the organisations file.
   */
  void startOrganisations(@Observes StartupEvent event) {
    organisations.all();
    workers.start(
        OrganisationsRefresh.NAME,
        () -> new OrganisationsRefresh(organisations, organisationsCheckInterval));
  }

  /**
   * Hands each organisation's git token to the compiler and the runner, when {@code
   * slipway.credentials.dir} is set.
   */
  void startGitTokenHandOver(@Observes StartupEvent event, CredentialSettings credentials) {
    credentials
        .folder()
        .ifPresentOrElse(
            folder ->
                workers.start(
                    GitTokenHandOver.NAME,
                    () ->
                        new GitTokenHandOver(
                            organisations, folder, settings.credentials().checkInterval())),
            () -> LOG.info("no git tokens handed over: slipway.credentials.dir is not set"));
  }

  /**
   * Redelivers the webhooks GitHub could not deliver while Slipway was down, one supervised worker
   * per watched hook. An organisation's or repository's hook is read with its organisation's
   * credentials and budget; the App's hook with the App's JWT ({@code slipway.github.app.*}). The
   * App's hook is watched by default only with App credentials: its endpoints refuse a token.
   */
  void startDeliveryRecovery(@Observes StartupEvent event) throws IOException {
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
      Optional<Access> access = accessOf(hook);
      if (access.isEmpty()) {
        LOG.error(
            "not watching {}: no organisation is configured for {} (slipway.organisations.file)",
            hook,
            hook.owner());
        recoveryChecks.problem(hook, "not watched: no organisation is configured for its owner");
        continue;
      }
      GitHubHookDeliveries deliveries =
          new GitHubHookDeliveries(access.get().repositories(), access.get().authorization(), hook);
      JsonRecoveryStateStore store = new JsonRecoveryStateStore(settings.stateDir(), hook);
      workers.start(
          DeliveryRecoveryWorker.NAME + "-" + hook.slug(),
          () ->
              new DeliveryRecoveryWorker(
                  hook,
                  new DeliveryRecoverer(
                      hook, deliveries, store, policy, access.get().budget(), clock, listener),
                  recoveryChecks,
                  recovery.interval(),
                  clock));
    }
  }

  /** How recovery reads a hook and what its requests are taken from. */
  private record Access(
      GitHubRepositories repositories, AuthorizationProvider authorization, RequestBudget budget) {}

  private Optional<Access> accessOf(WatchedHook hook) throws IOException {
    if (hook.kind() != WatchedHook.Kind.APP) {
      return organisations
          .of(hook.owner())
          .map(
              organisation ->
                  new Access(
                      organisation.client().repositories(),
                      organisation.client().authorization(),
                      organisation.reporter().sharedBudget()));
    }
    AuthorizationProvider authorization =
        github
            .app()
            .map(app -> GitHubAuthorization.appJwt(app.id(), app.privateKeyFile()))
            .orElseGet(
                () ->
                    github
                        .token()
                        .map(GitHubAuthorization::token)
                        .orElseGet(GitHubAuthorization::anonymous));
    // The App's hook serves every installation: without an organisations file it shares the one
    // organisation's budget, as the statuses its redeliveries bring about do; with one, it has
    // the reporter's own (slipway.github.budget.*).
    List<OrganisationReporter> all = organisations.all();
    RequestBudget budget =
        all.size() == 1 && all.get(0).organisation().isAnyOwner()
            ? all.get(0).reporter().sharedBudget()
            : RequestBudget.within(
                WriteBudget.perMinuteAndHour(
                    github.budget().perMinute(), github.budget().perHour()),
                clock);
    return Optional.of(
        new Access(
            new GitHubRepositories(GitHubClients.build(github.apiUrl(), authorization), clock),
            authorization,
            budget));
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

  @Shutdown
  void close() throws IOException, InterruptedException {
    factory.close();
  }

  /**
   * The reporter's own credentials: the catch-all organisation's, without an organisations file.
   */
  private static GitHubCredentials credentials(GitHubSettings github) {
    if (github.app().isPresent()) {
      GitHubSettings.App app = github.app().get();
      return new GitHubCredentials.App(app.id(), app.installationId(), app.privateKeyFile());
    }
    return github
        .token()
        .<GitHubCredentials>map(GitHubCredentials.Token::new)
        .orElseGet(GitHubCredentials.None::new);
  }
}
