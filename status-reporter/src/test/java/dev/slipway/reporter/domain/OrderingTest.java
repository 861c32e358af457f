package dev.slipway.reporter.domain;

import static dev.slipway.reporter.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.RunState;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderingTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";

  @ParameterizedTest(name = "{0}@{1}s then {2}@{3}s of {4} run: {5}")
  @CsvSource({
    // current,  at, candidate, at, run,   verdict
    "QUEUED,     0,  STARTED,   1,  same,  NEWER",
    "STARTED,    1,  SUCCEEDED, 9,  same,  NEWER",
    "QUEUED,     0,  FAILED,    9,  same,  NEWER",
    "STARTED,    1,  QUEUED,    0,  same,  STALE",
    "SUCCEEDED,  9,  STARTED,   1,  same,  STALE",
    "SUCCEEDED,  9,  STARTED,   20, same,  STALE",
    "FAILED,     9,  CANCELLED, 10, same,  STALE",
    "SUCCEEDED,  9,  SUCCEEDED, 9,  same,  UNCHANGED",
    "QUEUED,     0,  QUEUED,    0,  same,  UNCHANGED",
    "STARTED,    1,  STARTED,   1,  same,  UNCHANGED",
    "SUCCEEDED,  9,  QUEUED,    20, other, NEWER",
    "SUCCEEDED,  9,  QUEUED,    5,  other, STALE",
  })
  void olderNeverReplacesNewerAndSameShowsNothing(
      RunState current,
      long currentAt,
      RunState candidate,
      long candidateAt,
      String run,
      Ordering.Verdict verdict) {
    DesiredStatus accepted = status(current, currentAt, "run-1");
    DesiredStatus offered = status(candidate, candidateAt, run.equals("same") ? "run-1" : "run-2");

    assertThat(Ordering.judge(offered, accepted)).isEqualTo(verdict);
  }

  @ParameterizedTest
  @CsvSource({"same, UNCHANGED", "other, NEWER"})
  void aLinkAloneIsNotWorthAWriteWithinARun(String run, Ordering.Verdict verdict) {
    DesiredStatus plannedWithoutLink = status(RunState.QUEUED, 0, "run-1");
    plannedWithoutLink =
        new DesiredStatus(
            plannedWithoutLink.key(),
            plannedWithoutLink.state(),
            plannedWithoutLink.description(),
            null,
            "run-1",
            plannedWithoutLink.progress(),
            plannedWithoutLink.occurredAt(),
            "d");
    DesiredStatus queuedByRunner =
        status(RunState.QUEUED, 1, run.equals("same") ? "run-1" : "run-2");

    assertThat(queuedByRunner.targetUrl()).isNotNull();
    assertThat(Ordering.judge(queuedByRunner, plannedWithoutLink)).isEqualTo(verdict);
  }

  @ParameterizedTest
  @CsvSource({"QUEUED", "STARTED", "SUCCEEDED", "FAILED"})
  void theFirstStatusOfAKeyIsAlwaysNewer(RunState state) {
    assertThat(Ordering.judge(status(state, 0, "run-1"), null)).isEqualTo(Ordering.Verdict.NEWER);
  }

  private static DesiredStatus status(RunState state, long secondsAfterStart, String runId) {
    Instant at = T0.plusSeconds(secondsAfterStart);
    DesiredStatus mapped = Events.status(Events.run(REPO, SHA, "unit", state, at));
    return new DesiredStatus(
        mapped.key(),
        mapped.state(),
        mapped.description(),
        mapped.targetUrl(),
        runId,
        mapped.progress(),
        at,
        "d");
  }
}
