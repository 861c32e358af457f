package dev.slipway.ops.domain;

import static dev.slipway.ops.SampleEvents.REPO;
import static dev.slipway.ops.domain.CausalTreeTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.RunState;
import dev.slipway.ops.SampleEvents;
import dev.slipway.testsupport.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainStopsTest {

  private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
  private static final ChainStops STOPS = new ChainStops(Duration.ofMinutes(10));

  private final TracedEvent webhook =
      event(
          "w",
          null,
          "slipway.webhook",
          1,
          Duration.ZERO,
          SampleEvents.pullRequestOpened("delivery-1", REPO));
  private final TracedEvent task =
      event(
          "t",
          "w",
          "slipway.task-spec",
          1,
          Duration.ofSeconds(1),
          SampleEvents.task(REPO, "run-1", "unit"));

  private List<ChainStop> stops(Duration later, TracedEvent... events) {
    return STOPS.find(CausalTree.build(List.of(events)), T0.plus(later));
  }

  private TracedEvent state(String id, long offset, Duration after, RunState from, RunState to) {
    return event(
        id,
        "t",
        "slipway.build-job",
        offset,
        after,
        SampleEvents.state(REPO, "run-1", "unit", from, to));
  }

  @Test
  void aRunThatReachedATerminalStateLeavesNothingMissing() {
    assertThat(
            stops(
                Duration.ofHours(1),
                webhook,
                task,
                state("q", 1, Duration.ofSeconds(2), null, RunState.QUEUED),
                state("s", 2, Duration.ofSeconds(3), RunState.QUEUED, RunState.STARTED),
                state("f", 3, Duration.ofSeconds(9), RunState.STARTED, RunState.FAILED)))
        .isEmpty();
  }

  @Test
  void aTaskPlannedWithoutARunStateIsStoppedThereAfterTheStallTime() {
    assertThat(stops(Duration.ofMinutes(40).plusSeconds(1), webhook, task))
        .containsExactly(
            new ChainStop(
                "t",
                ChainStop.Kind.STOPPED,
                Duration.ofMinutes(40),
                "no TaskRunStateChanged after TaskPlanned for 40 min"));
  }

  @Test
  void aMissingEventYoungerThanTheStallTimeIsWaiting() {
    assertThat(stops(Duration.ofSeconds(31), webhook, task))
        .extracting(ChainStop::kind, ChainStop::message)
        .containsExactly(
            tuple(ChainStop.Kind.WAITING, "no TaskRunStateChanged after TaskPlanned for 30 s"));
  }

  @Test
  void aRunLeftInANonTerminalStateIsStoppedAtItsLastState() {
    assertThat(
            stops(
                Duration.ofMinutes(30),
                webhook,
                task,
                state("q", 1, Duration.ofSeconds(2), null, RunState.QUEUED),
                state("s", 2, Duration.ofMinutes(5), RunState.QUEUED, RunState.STARTED)))
        .extracting(ChainStop::eventId, ChainStop::kind, ChainStop::message)
        .containsExactly(
            tuple(
                "s",
                ChainStop.Kind.STOPPED,
                "run run-1 (unit) STARTED, no later TaskRunStateChanged for 25 min"));
  }

  @Test
  void aWebhookThatPlansButHasNoPlanIsStopped() {
    assertThat(stops(Duration.ofMinutes(15), webhook))
        .extracting(ChainStop::message)
        .containsExactly(
            "no task-spec event (plan, rejection or release request) after WebhookReceived for 15 min");
  }

  @Test
  void aWebhookTheCompilerIgnoresOwesNothing() {
    TracedEvent ping =
        event(
            "p",
            null,
            "slipway.webhook",
            2,
            Duration.ZERO,
            Webhooks.ping(REPO).delivery("delivery-2").sender("octocat").build());
    assertThat(stops(Duration.ofHours(1), ping)).isEmpty();
  }

  @Test
  void aDeadLetterIsReportedWithItsReason() {
    DeadLetter letter =
        new DeadLetter(
            "slipway.task-spec",
            2,
            41,
            "handler failed: boom",
            null,
            new byte[0],
            Map.of("ce_id", "t"));
    TracedEvent dead = event("d", null, "slipway.dead-letter", 0, Duration.ofSeconds(2), letter);

    assertThat(stops(Duration.ofMinutes(1), webhook, task, dead))
        .extracting(ChainStop::kind, ChainStop::message)
        .containsExactly(
            tuple(
                ChainStop.Kind.DEAD_LETTER,
                "dead-lettered by /slipway/test slipway.task-spec/2@41: handler failed: boom"));
  }

  @Test
  void aRunPlannedAgainAfterAReplayIsJudgedByTheStatesOfItsRunId() {
    TracedEvent replayed =
        event(
            "w2",
            null,
            "slipway.webhook",
            2,
            Duration.ofMinutes(5),
            SampleEvents.pullRequestOpened("delivery-1", REPO));
    TracedEvent replanned =
        event(
            "t",
            "w2",
            "slipway.task-spec",
            2,
            Duration.ofMinutes(5).plusSeconds(1),
            SampleEvents.task(REPO, "run-1", "unit"));

    assertThat(
            stops(
                Duration.ofHours(1),
                webhook,
                task,
                state("q", 1, Duration.ofSeconds(2), null, RunState.QUEUED),
                state("f", 3, Duration.ofSeconds(9), RunState.QUEUED, RunState.SUCCEEDED),
                replayed,
                replanned))
        .isEmpty();
    assertThat(stops(Duration.ofHours(1), webhook, task, replayed, replanned))
        .extracting(ChainStop::eventId)
        .containsExactly("t");
  }
}
