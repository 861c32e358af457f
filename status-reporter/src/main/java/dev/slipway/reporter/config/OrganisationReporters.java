package dev.slipway.reporter.config;

import dev.slipway.reporter.domain.PerOrganisation;
import dev.slipway.reporter.domain.ReporterRouting;
import dev.slipway.reporter.domain.RequestBudget;
import dev.slipway.reporter.domain.StatusReporter;
import java.util.List;
import java.util.Optional;
import org.kohsuke.github.GitHub;

/**
 * The reporter's way to GitHub for a repository: the client, write budget and reporter of the
 * repository's organisation, made when the organisation is first needed. Everything that talks to
 * GitHub about a repository goes through here, so one organisation's credentials and budget are
 * never used for another's repositories.
 */
public final class OrganisationReporters implements ReporterRouting {

  private final PerOrganisation<OrganisationReporter> organisations;
  private volatile Runnable newOwnerServed = () -> {};

  OrganisationReporters(PerOrganisation<OrganisationReporter> organisations) {
    this.organisations = organisations;
  }

  /**
   * The organisation of {@code repository} ({@code owner/repo}, or an owner); empty when none is
   * configured for its owner.
   */
  public Optional<OrganisationReporter> of(String repository) {
    Optional<OrganisationReporter> organisation = organisations.forRepository(repository);
    if (organisation.isPresent() && organisation.get().served(repository)) {
      newOwnerServed.run();
    }
    return organisation;
  }

  /**
   * The github-api client of the repository's organisation, presenting its credentials. Built with
   * rate and abuse limit handlers that fail (see {@code GitHubClients}): a caller takes every
   * request from {@link #budgetFor} first and handles a limit itself.
   */
  public Optional<GitHub> clientFor(String repository) {
    return of(repository).map(organisation -> organisation.client().github());
  }

  /**
   * The write budget of the repository's organisation, shared with its statuses: {@code tryTake()}
   * counts one request when the budget allows it now.
   */
  public Optional<RequestBudget> budgetFor(String repository) {
    return of(repository).map(organisation -> organisation.reporter().sharedBudget());
  }

  @Override
  public Optional<StatusReporter> reporterFor(String repository) {
    return of(repository).map(OrganisationReporter::reporter);
  }

  /** Every organisation configured now, made first if it was not yet. */
  public List<OrganisationReporter> all() {
    return organisations.all();
  }

  /** Called when the catch-all organisation serves an owner for the first time. */
  void onNewOwnerServed(Runnable listener) {
    this.newOwnerServed = listener;
  }
}
