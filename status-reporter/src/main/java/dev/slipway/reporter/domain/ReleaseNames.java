package dev.slipway.reporter.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tags of the releases named most recently, so that an event naming another release by its id
 * ({@code ReleaseSuperseded.supersededBy}) can be shown with the tag users know. Not thread-safe.
 *
 * <p>Bounded to {@link #CAPACITY} releases: a release is superseded only by one that waits in the
 * same lane at the same time, which is named moments before, so only the newest few are ever looked
 * up; a thousand keeps weeks of releases of a busy platform in about 100 kB.
 */
public final class ReleaseNames {

  public static final int CAPACITY = 1000;

  private record Release(String repository, String releaseId) {}

  private final Map<Release, String> tags =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Release, String> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * Remembers a name, forgetting the oldest beyond the capacity.
   *
   * @return whether this memory did not know it yet
   */
  public boolean remember(ReleaseName name) {
    Release release = new Release(name.repository(), name.releaseId());
    if (name.tag().equals(tags.get(release))) {
      return false;
    }
    // Named again with another tag, a release counts as named last, as the journal keeps it.
    tags.remove(release);
    tags.put(release, name.tag());
    return true;
  }

  public void rememberAll(Collection<ReleaseName> names) {
    names.forEach(this::remember);
  }

  public Optional<String> tagOf(String repository, String releaseId) {
    return Optional.ofNullable(tags.get(new Release(repository, releaseId)));
  }

  /** The newest {@link #CAPACITY} of {@code names}, in their order. */
  public static List<ReleaseName> newest(List<ReleaseName> names) {
    return names.subList(Math.max(0, names.size() - CAPACITY), names.size());
  }
}
