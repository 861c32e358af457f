package dev.slipway.runner.domain;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How many runs of one organisation's repositories may run at once ({@code limits.concurrent-runs}
 * of the organisations file, read anew each time, so a changed file counts from the next start).
 * Without a file, the catch-all organisation's limit holds for each owner on its own, as if each
 * had been configured with the defaults; so does the default limit for an owner no organisation
 * serves.
 */
public final class OrganisationLimits {

  private final Supplier<Organisations> organisations;

  public OrganisationLimits(Supplier<Organisations> organisations) {
    this.organisations = organisations;
  }

  /** Which organisation's slots a run of {@code repository} ({@code owner/repo}) takes. */
  public Slot slotOf(String repository) {
    String owner = owner(repository);
    Optional<Organisation> organisation = organisations.get().of(owner);
    return new Slot(
        key(
            organisation
                .filter(found -> !found.isAnyOwner())
                .map(Organisation::name)
                .orElse(owner)),
        organisation
            .map(found -> found.limits().concurrentRuns())
            .orElse(OrganisationsFile.DEFAULT_LIMITS.concurrentRuns()));
  }

  /**
   * @param organisation whose runs share the slots (lower-cased)
   * @param limit how many of its runs may run at once
   */
  public record Slot(String organisation, int limit) {}

  private static String owner(String repository) {
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
