package dev.slipway.reporter.domain;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One {@code T} per organisation (its GitHub client, budget and writer), found by a repository's
 * owner. A {@code T} is made when its organisation is first needed and lives as long as the
 * service: when the organisations file changes what an organisation says, its {@code T} is told, so
 * its budget and credentials follow without a restart and nothing it has queued is lost. An
 * organisation dropped from the file keeps its {@code T} until the restart (it finishes what it had
 * queued) but is no longer routed to.
 */
public final class PerOrganisation<T> {

  /** Makes and updates the {@code T} of an organisation. */
  public interface Factory<T> {
    T create(Organisation organisation);

    /** The organisations file now says {@code organisation}, which differs from before. */
    void changed(T unit, Organisation organisation);
  }

  private record Entry<T>(T unit, Organisation organisation) {}

  private final Supplier<Organisations> organisations;
  private final Factory<T> factory;

  /** By lower-cased organisation name; guarded by {@code this}. */
  private final Map<String, Entry<T>> byName = new HashMap<>();

  public PerOrganisation(Supplier<Organisations> organisations, Factory<T> factory) {
    this.organisations = organisations;
    this.factory = factory;
  }

  /**
   * The {@code T} of the organisation of {@code ownerOrRepository}; empty when no organisation is
   * configured for its owner.
   */
  public synchronized Optional<T> forRepository(String ownerOrRepository) {
    return organisations.get().of(ownerOrRepository).map(this::unitOf);
  }

  /** The {@code T} of every organisation configured now, in the order of their names. */
  public synchronized List<T> all() {
    List<T> units = new ArrayList<>();
    for (Organisation organisation : organisations.get().all()) {
      units.add(unitOf(organisation));
    }
    return units;
  }

  private T unitOf(Organisation organisation) {
    String name = organisation.name().toLowerCase(Locale.ROOT);
    Entry<T> entry = byName.get(name);
    if (entry == null) {
      entry = new Entry<>(factory.create(organisation), organisation);
      byName.put(name, entry);
    } else if (!entry.organisation().equals(organisation)) {
      factory.changed(entry.unit(), organisation);
      entry = new Entry<>(entry.unit(), organisation);
      byName.put(name, entry);
    }
    return entry.unit();
  }
}
