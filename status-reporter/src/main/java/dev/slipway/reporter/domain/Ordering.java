package dev.slipway.reporter.domain;

import java.util.Objects;

/**
 * The one place that decides whether a status may replace the one Slipway last accepted for the
 * same commit and context (or the same deployment). Events arrive late and twice; GitHub must never
 * show an older state over a newer one.
 */
public final class Ordering {

  /** What to do with an offered status. */
  public enum Verdict {
    /** Newer, and GitHub would show something different: it must be written. */
    NEWER,
    /** Newer or equal, but GitHub would show the same: nothing to write. */
    UNCHANGED,
    /** Older than what was accepted, or a second final state of a finished run: ignored. */
    STALE
  }

  private Ordering() {}

  /**
   * Within one run, a status moves forward only (queued → running → finished) and the first final
   * status stays; between statuses of the same progress, the later one wins. Another run on the
   * same commit and context (a rerun, another trigger) replaces the current status when it happened
   * later. Within one run, a status that only adds or changes the link is not worth a write of
   * GitHub's budget: the run's next status carries it.
   */
  public static Verdict judge(Report candidate, Report current) {
    if (current == null) {
      return Verdict.NEWER;
    }
    boolean newer;
    if (Objects.equals(candidate.runId(), current.runId())) {
      int step = candidate.progress().compareTo(current.progress());
      newer =
          step > 0
              || step == 0
                  && candidate.progress() != Progress.FINISHED
                  && !candidate.occurredAt().isBefore(current.occurredAt());
    } else {
      newer = candidate.occurredAt().isAfter(current.occurredAt());
    }
    if (!newer) {
      return candidate.looksLike(current) ? Verdict.UNCHANGED : Verdict.STALE;
    }
    if (Objects.equals(candidate.runId(), current.runId())
        && candidate.differsOnlyInLink(current)) {
      return Verdict.UNCHANGED;
    }
    return candidate.looksLike(current) ? Verdict.UNCHANGED : Verdict.NEWER;
  }
}
