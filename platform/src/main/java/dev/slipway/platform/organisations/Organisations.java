package dev.slipway.platform.organisations;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The organisations Slipway serves, found by owner. */
public final class Organisations {

  private final Map<String, Organisation> byOwner;

  public Organisations(List<Organisation> organisations) {
    this.byOwner =
        organisations.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    organisation -> key(organisation.name()), Function.identity()));
  }

  /**
   * The organisation of {@code ownerOrRepository} ({@code owner} or {@code owner/repo}); the
   * catch-all one when it is configured and the owner has none of its own.
   */
  public Optional<Organisation> of(String ownerOrRepository) {
    if (ownerOrRepository == null) {
      return Optional.empty();
    }
    int slash = ownerOrRepository.indexOf('/');
    String owner = slash < 0 ? ownerOrRepository : ownerOrRepository.substring(0, slash);
    Organisation organisation = byOwner.get(key(owner));
    return Optional.ofNullable(
        organisation != null ? organisation : byOwner.get(Organisation.ANY_OWNER));
  }

  /**
   * The organisation that serves {@code repository}: configured, and with the repository in its
   * allow-list.
   */
  public Optional<Organisation> serving(String repository) {
    return of(repository).filter(organisation -> organisation.allows(repository));
  }

  public List<Organisation> all() {
    return byOwner.values().stream()
        .sorted((a, b) -> a.name().compareToIgnoreCase(b.name()))
        .toList();
  }

  private static String key(String owner) {
    return owner.toLowerCase(Locale.ROOT);
  }

  /**
   * The catch-all organisation as the services that hold no secret see it (see {@link
   * OrganisationsFile#load(java.nio.file.Path, boolean)}): no webhook secret, no GitHub credential.
   */
  public static Organisation anyOwnerWithoutSecrets() {
    return anyOwner(
        List.of(), new GitHubCredentials.None(), OrganisationsFile.DEFAULT_WRITE_BUDGET);
  }

  /**
   * The one organisation of a setup without an organisations file: it serves every owner and every
   * repository, with the service's own webhook secrets, GitHub credentials and write budget.
   */
  public static Organisation anyOwner(
      List<String> webhookSecrets,
      GitHubCredentials credentials,
      Organisation.WriteBudget writeBudget) {
    return new Organisation(
        Organisation.ANY_OWNER,
        webhookSecrets,
        credentials,
        List.of("*"),
        List.of(),
        "",
        writeBudget,
        OrganisationsFile.DEFAULT_LIMITS,
        Map.of());
  }
}
