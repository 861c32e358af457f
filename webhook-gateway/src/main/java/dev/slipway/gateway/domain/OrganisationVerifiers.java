package dev.slipway.gateway.domain;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whose secrets verify a delivery: those of the organisation that serves the owner its payload
 * names, so a delivery about one organisation's repository signed with another organisation's
 * secret is refused. Follows the organisations as they are reloaded: the verifiers are made once
 * per organisation object, and again for the objects a reload brings.
 */
public final class OrganisationVerifiers {

  private final Supplier<Organisations> organisations;
  private volatile Verifiers verifiers;

  /**
   * The organisation a delivery is about and the verifier of its secrets.
   *
   * @param organisation null for a delivery that names no owner (e.g. a GitHub App's ping): any
   *     organisation's secret verifies it, since it names no repository and is never published
   */
  public record Signers(Organisation organisation, SignatureVerifier verifier) {}

  /**
   * Makes the verifiers of the organisations as they are now, so a secret that cannot verify
   * anything stops the service at start.
   */
  public OrganisationVerifiers(Supplier<Organisations> organisations) {
    this.organisations = organisations;
    this.verifiers = Verifiers.of(organisations.get());
  }

  /**
   * @param owner the owner the payload names, null when it names none
   * @return empty when no organisation serves {@code owner}
   */
  public Optional<Signers> of(String owner) {
    Verifiers current = current();
    if (owner == null) {
      return Optional.of(new Signers(null, current.anyOrganisation()));
    }
    return current
        .organisations()
        .of(owner)
        .map(organisation -> new Signers(organisation, current.byOrganisation().get(organisation)));
  }

  private Verifiers current() {
    Organisations now = organisations.get();
    Verifiers known = verifiers;
    if (known.organisations() != now) {
      known = Verifiers.of(now);
      verifiers = known;
    }
    return known;
  }

  /** The verifiers of one version of the organisations. */
  private record Verifiers(
      Organisations organisations,
      Map<Organisation, SignatureVerifier> byOrganisation,
      SignatureVerifier anyOrganisation) {

    static Verifiers of(Organisations organisations) {
      Map<Organisation, SignatureVerifier> byOrganisation = new IdentityHashMap<>();
      Set<String> everySecret = new LinkedHashSet<>();
      for (Organisation organisation : organisations.all()) {
        byOrganisation.put(organisation, new SignatureVerifier(organisation.webhookSecrets()));
        everySecret.addAll(organisation.webhookSecrets());
      }
      return new Verifiers(
          organisations,
          Collections.unmodifiableMap(byOrganisation),
          new SignatureVerifier(List.copyOf(everySecret)));
    }
  }
}
