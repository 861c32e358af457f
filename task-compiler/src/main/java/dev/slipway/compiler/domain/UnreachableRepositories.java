package dev.slipway.compiler.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether an event whose repository could not be read is tried again. An event gets
 * {@code attempts} tries; once one event of a repository used them all, the repository is
 * remembered as unreachable for {@code memory}, and its further events get a single try each. A
 * deleted repository that still receives webhooks then costs one try per event instead of holding
 * up its partition for every event's full round of retries.
 */
public final class UnreachableRepositories {

  /** What to do after a failed try: {@code attempt} is the number of the try that failed. */
  public record Verdict(int attempt, boolean tryAgain) {}

  private final Clock clock;
  private final int attempts;
  private final Duration memory;
  private final Map<String, Integer> failedTries = new HashMap<>();
  private final Map<String, Instant> givenUp = new HashMap<>();

  public UnreachableRepositories(Clock clock, int attempts, Duration memory) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    this.clock = clock;
    this.attempts = attempts;
    this.memory = memory;
  }

  public synchronized Verdict failed(String eventId, String repository) {
    int attempt = failedTries.merge(eventId, 1, Integer::sum);
    Instant now = clock.instant();
    Instant lastGivenUp = givenUp.get(repository);
    boolean knownUnreachable = lastGivenUp != null && lastGivenUp.isAfter(now.minus(memory));
    if (attempt < attempts && !knownUnreachable) {
      return new Verdict(attempt, true);
    }
    failedTries.remove(eventId);
    givenUp.values().removeIf(time -> !time.isAfter(now.minus(memory)));
    givenUp.put(repository, now);
    return new Verdict(attempt, false);
  }

  public synchronized void read(String eventId, String repository) {
    failedTries.remove(eventId);
    givenUp.remove(repository);
  }
}
