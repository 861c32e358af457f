package dev.slipway.compiler.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an event whose repository could not be read is tried again. An event gets {@code
 * attempts} tries; once one event of a repository used them all, the repository is remembered as
 * unreachable for {@code memory}. Meanwhile its events are not tried at all but rejected at once
 * with the last failure, except one try (a probe) when the last one is {@code probeInterval} old,
 * which finds a repository that is back. A deleted repository, or one whose organisation's GitHub
 * is down, with a stream of webhooks then costs one try per probe interval instead of one per
 * event: a try of a host that does not answer lasts the git timeout, and every repository of the
 * consumer waits while it runs. What was learned is kept in a {@link Store}, so a restart does not
 * start every event's tries and every repository's memory over.
 */
public final class UnreachableRepositories {

  /** What to do after a failed try: {@code attempt} is the number of the try that failed. */
  public record Verdict(int attempt, boolean tryAgain) {}

  /** The last failed try of a repository that was given up on. */
  public record Failure(Instant at, String problem) {}

  /** What is remembered: failed tries per event id, and each given-up repository's last failure. */
  public record Snapshot(Map<String, Integer> failedTries, Map<String, Failure> givenUp) {
    public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

    public Snapshot {
      failedTries = Map.copyOf(failedTries);
      givenUp = Map.copyOf(givenUp);
    }
  }

  /** Where the snapshot outlives the process. */
  public interface Store {
    Store NONE =
        new Store() {
          @Override
          public Snapshot load() {
            return Snapshot.EMPTY;
          }

          @Override
          public void save(Snapshot snapshot) {}
        };

    Snapshot load();

    void save(Snapshot snapshot);
  }

  private final Clock clock;
  private final int attempts;
  private final Duration memory;
  private final Duration probeInterval;
  private final Store store;
  private final Map<String, Integer> failedTries;
  private final Map<String, Failure> givenUp;

  /**
   * Without a probe interval or a store: every event of a known unreachable repository gets one
   * try.
   */
  public UnreachableRepositories(Clock clock, int attempts, Duration memory) {
    this(clock, attempts, memory, Duration.ZERO, Store.NONE);
  }

  public UnreachableRepositories(
      Clock clock, int attempts, Duration memory, Duration probeInterval, Store store) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    this.clock = clock;
    this.attempts = attempts;
    this.memory = memory;
    this.probeInterval = probeInterval;
    this.store = store;
    Snapshot saved = store.load();
    this.failedTries = new HashMap<>(saved.failedTries());
    this.givenUp = new HashMap<>(saved.givenUp());
  }

  /**
   * Whether the repository is not worth a try now.
   *
   * @return why its event is rejected without one: its last failure and when it is tried again
   */
  public synchronized Optional<String> notWorthATry(String repository) {
    Failure last = recentFailure(repository);
    if (last == null) {
      return Optional.empty();
    }
    Instant nextProbe = last.at().plus(probeInterval);
    if (!clock.instant().isBefore(nextProbe)) {
      return Optional.empty();
    }
    return Optional.of(
        last.problem() + " (at " + last.at() + "; not tried again before " + nextProbe + ")");
  }

  public synchronized Verdict failed(String eventId, String repository, String problem) {
    int attempt = failedTries.merge(eventId, 1, Integer::sum);
    if (attempt < attempts && recentFailure(repository) == null) {
      save();
      return new Verdict(attempt, true);
    }
    Instant now = clock.instant();
    failedTries.remove(eventId);
    givenUp.values().removeIf(failure -> !failure.at().isAfter(now.minus(memory)));
    givenUp.put(repository, new Failure(now, problem));
    save();
    return new Verdict(attempt, false);
  }

  /**
   * The repository was read for the event: the event's failed tries are forgotten, and so is the
   * repository's place among the given-up ones.
   */
  public synchronized void reached(String eventId, String repository) {
    boolean forgotten = failedTries.remove(eventId) != null;
    if (givenUp.remove(repository) != null || forgotten) {
      save();
    }
  }

  /** Repositories given up on within the memory, with their last failure: what a restart keeps. */
  public synchronized Map<String, Failure> givenUp() {
    Map<String, Failure> recent = new HashMap<>(givenUp);
    recent.keySet().removeIf(repository -> recentFailure(repository) == null);
    return recent;
  }

  private Failure recentFailure(String repository) {
    Failure last = givenUp.get(repository);
    return last != null && last.at().isAfter(clock.instant().minus(memory)) ? last : null;
  }

  private void save() {
    store.save(new Snapshot(failedTries, givenUp));
  }
}
