package dev.slipway.reporter.config;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.reporter.domain.StatusReporter;
import dev.slipway.reporter.domain.WriteBudget;
import dev.slipway.reporter.github.OrganisationClient;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What the reporter keeps per organisation: its GitHub client and credentials, its reporter (write
 * budget, queue, journal, writer), and the owners whose git token it hands over: the organisation's
 * own name, or for the catch-all organisation of a setup without an organisations file, every owner
 * it served so far.
 */
public final class OrganisationReporter {

  private final String name;
  private final OrganisationClient client;
  private final StatusReporter reporter;
  private final Set<String> ownersServed = new ConcurrentSkipListSet<>();
  private volatile Organisation organisation;

  OrganisationReporter(
      Organisation organisation, OrganisationClient client, StatusReporter reporter) {
    this.name = organisation.name();
    this.organisation = organisation;
    this.client = client;
    this.reporter = reporter;
  }

  /** The organisation's name; {@code *} for the catch-all one. */
  public String name() {
    return name;
  }

  /** The organisation as the organisations file says now. */
  public Organisation organisation() {
    return organisation;
  }

  /** Its GitHub client, presenting its credentials. */
  public OrganisationClient client() {
    return client;
  }

  /** Its reporter: statuses and deployments, within its write budget. */
  public StatusReporter reporter() {
    return reporter;
  }

  /** The owners whose git token is this organisation's. */
  Set<String> gitOwners() {
    return organisation.isAnyOwner() ? Set.copyOf(ownersServed) : Set.of(name);
  }

  /**
   * Notes that it serves {@code repository}.
   *
   * @return whether its owner is one the catch-all organisation had not served before
   */
  boolean served(String repository) {
    if (!organisation.isAnyOwner()) {
      return false;
    }
    int slash = repository.indexOf('/');
    String owner = slash < 0 ? repository : repository.substring(0, slash);
    return ownersServed.add(owner.toLowerCase(Locale.ROOT));
  }

  /** The organisations file changed it: its credentials and budget apply from now on. */
  void changed(Organisation now) {
    Organisation before = organisation;
    organisation = now;
    if (!before.credentials().equals(now.credentials())) {
      client.use(now.credentials());
    }
    if (!before.writeBudget().equals(now.writeBudget())) {
      reporter.limitTo(limits(now.writeBudget()));
    }
  }

  static List<WriteBudget.Limit> limits(Organisation.WriteBudget budget) {
    return WriteBudget.minuteAndHour(budget.perMinute(), budget.perHour());
  }
}
