package dev.slipway.reporter.domain;

import dev.slipway.platform.backoff.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the reporter writes to GitHub next, and when: the decisions of the {@link StatusReporter}
 * without its thread, lock, journal or GitHub. Not thread-safe; the reporter calls it under its
 * lock.
 *
 * <p>Ordering: a status is accepted only if it is newer than the one accepted for its key ({@link
 * Ordering}). Coalescing: keys wait in a queue, each at most once and in the order they were first
 * accepted; when a key's turn comes, only its newest accepted status is due, and none if GitHub
 * already shows what it would show. Budget: nothing is due before the {@link WriteBudget} allows
 * one more request, nor while a rate limit from GitHub or a back-off after an outage lasts.
 */
final class WriteSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(WriteSchedule.class);
  private static final Duration UNNAMED_RATE_LIMIT_PAUSE = Duration.ofMinutes(1);

  /** What the writer does now. */
  sealed interface Next permits Due, NotBefore, Idle {}

  /**
   * Write {@code status}.
   *
   * @param askFirst it may have reached GitHub without being recorded as written (before a restart,
   *     or by a writer that failed): ask GitHub whether it shows it before writing it
   */
  record Due(Report status, boolean askFirst) implements Next {}

  /** Something is queued, but the budget or a pause allows no request before {@code at}. */
  record NotBefore(Instant at) implements Next {}

  /** Nothing is queued. */
  record Idle() implements Next {}

  private final Clock clock;
  private final WriteBudget budget;
  private final Backoff backoff;

  private final Map<ReportKey, Report> accepted = new HashMap<>();
  private final Map<ReportKey, Report> settled = new HashMap<>();
  private final ArrayDeque<ReportKey> queue = new ArrayDeque<>();
  private final Set<ReportKey> queued = new HashSet<>();

  /** Keys whose last accepted status may have reached GitHub without being recorded as written. */
  private final Set<ReportKey> unconfirmed = new HashSet<>();

  private Instant pausedUntil = Instant.MIN;
  private int outagesInARow;

  WriteSchedule(Clock clock, WriteBudget budget, Duration firstBackoff, Duration maxBackoff) {
    this.clock = clock;
    this.budget = budget;
    this.backoff = new Backoff(firstBackoff, maxBackoff);
  }

  /**
   * Takes over what a journal remembered, and queues, oldest first, what was accepted but not
   * recorded as written: it may have reached GitHub just before the restart, so it is asked first.
   *
   * @return how many statuses wait to be written
   */
  int load(Map<ReportKey, Report> acceptedBefore, Map<ReportKey, Report> settledBefore) {
    accepted.putAll(acceptedBefore);
    settled.putAll(settledBefore);
    accepted.values().stream()
        .filter(this::unwritten)
        .sorted(Comparator.comparing(Report::occurredAt))
        .forEach(
            status -> {
              unconfirmed.add(status.key());
              enqueue(status.key(), false);
            });
    return queue.size();
  }

  /** The status accepted last for the key, null if none. */
  Report accepted(ReportKey key) {
    return accepted.get(key);
  }

  Collection<Report> allAccepted() {
    return Collections.unmodifiableCollection(accepted.values());
  }

  /** Whether {@code status} would be accepted: see {@link Ordering}. Changes nothing. */
  Ordering.Verdict judge(Report status) {
    return Ordering.judge(status, accepted.get(status.key()));
  }

  /** Accepts a status {@link #judge} found newer; it is queued unless GitHub shows it already. */
  void accept(Report status) {
    accepted.put(status.key(), status);
    if (unwritten(status)) {
      enqueue(status.key(), false);
    }
  }

  /** Statuses queued to be written (the one being written, once taken, is not counted here). */
  int queued() {
    return queue.size();
  }

  /**
   * What to write now. A {@link Due} status is taken off the queue: report its outcome with {@link
   * #wrote}, {@link #createdDeployment}, {@link #failed} or {@link #giveBack}.
   */
  Next next() {
    while (!queue.isEmpty()) {
      Instant now = clock.instant();
      Instant allowed = budget.nextWriteAt(now);
      if (pausedUntil.isAfter(allowed)) {
        allowed = pausedUntil;
      }
      if (allowed.isAfter(now)) {
        return new NotBefore(allowed);
      }
      ReportKey key = queue.removeFirst();
      queued.remove(key);
      Report status = accepted.get(key);
      if (unwritten(status)) {
        return new Due(status, unconfirmed.remove(key));
      }
    }
    return new Idle();
  }

  /**
   * A request to GitHub other than the writer's (e.g. delivery recovery): allowed, and counted,
   * when a status write would be.
   */
  boolean tryTakeRequest() {
    Instant now = clock.instant();
    if (pausedUntil.isAfter(now) || budget.nextWriteAt(now).isAfter(now)) {
      return false;
    }
    budget.record(now);
    return true;
  }

  /** Applies other limits to the budget from now on. */
  void limitTo(List<WriteBudget.Limit> limits) {
    budget.limitTo(limits);
  }

  /** Requests the budget allows now, 0 while a rate limit or an outage pauses every write. */
  int writesAllowedNow() {
    Instant now = clock.instant();
    return pausedUntil.isAfter(now) ? 0 : budget.remaining(now);
  }

  /**
   * A request the writer sent, whatever came of it: it counts against the budget even when it
   * failed, since it may have reached GitHub.
   */
  void requestSent() {
    budget.record(clock.instant());
  }

  /**
   * GitHub shows {@code status} now (written, or found already there). Record it as written in the
   * journal; if a newer status was accepted meanwhile, its key is queued again.
   */
  void wrote(Report status) {
    outagesInARow = 0;
    settle(status);
  }

  /**
   * The deployment {@code status} belongs to was created: the status goes in its key's next turn,
   * first.
   */
  void createdDeployment(Report status) {
    outagesInARow = 0;
    enqueue(status.key(), true);
  }

  /**
   * The writer failed while writing {@code status}, in a way GitHub did not answer: the status goes
   * first again, and if it was not recorded as written it may have reached GitHub, so it is asked
   * first.
   *
   * @return whether GitHub will be asked before it is written again
   */
  boolean giveBack(Report status) {
    boolean unsure = unwritten(status);
    if (unsure) {
      unconfirmed.add(status.key());
    }
    enqueue(status.key(), true);
    return unsure;
  }

  /**
   * GitHub did not accept {@code status}. A refused status is dropped: record it in the journal as
   * settled, as if written. A rate limit pauses every write until the time GitHub named; an outage
   * pauses them for a back-off that doubles up to its maximum. Either retries the status first.
   *
   * @param stillUnsure it was {@link Due#askFirst()}, but the failure came before GitHub was asked
   * @return whether the status is dropped
   */
  boolean failed(Report status, GitHubWriteException failure, boolean stillUnsure) {
    Instant now = clock.instant();
    switch (failure.kind()) {
      case REJECTED -> {
        LOG.warn(
            "GitHub refused {} {}, dropping it: {}",
            status.key(),
            status.shown(),
            failure.getMessage());
        settle(status);
        return true;
      }
      case RATE_LIMITED -> {
        pausedUntil = failure.retryAt().orElse(now.plus(UNNAMED_RATE_LIMIT_PAUSE));
        LOG.warn(
            "GitHub rate limit: pausing every write until {} ({})",
            pausedUntil,
            failure.getMessage());
      }
      case UNAVAILABLE -> {
        Duration wait = backoff.after(++outagesInARow);
        pausedUntil = now.plus(wait);
        LOG.warn(
            "GitHub unavailable, retrying {} in {}: {}", status.key(), wait, failure.getMessage());
      }
    }
    if (stillUnsure) {
      unconfirmed.add(status.key());
    }
    enqueue(status.key(), true);
    return false;
  }

  private void settle(Report status) {
    settled.put(status.key(), status);
    if (!accepted.get(status.key()).looksLike(status)) {
      enqueue(status.key(), false);
    }
  }

  private boolean unwritten(Report status) {
    return !status.looksLike(settled.get(status.key()));
  }

  /** A key is queued at most once, and keeps its place. */
  private void enqueue(ReportKey key, boolean first) {
    if (queued.add(key)) {
      if (first) {
        queue.addFirst(key);
      } else {
        queue.addLast(key);
      }
    }
  }
}
