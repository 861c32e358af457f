package dev.slipway.ops.domain;

import static dev.slipway.ops.SampleEvents.REPO;
import static dev.slipway.ops.domain.TracedEvents.T0;
import static dev.slipway.ops.domain.TracedEvents.deadLetter;
import static dev.slipway.ops.domain.TracedEvents.event;
import static dev.slipway.ops.domain.TracedEvents.runState;
import static dev.slipway.ops.domain.TracedEvents.task;
import static dev.slipway.ops.domain.TracedEvents.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.events.RunState;
import dev.slipway.testsupport.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainStopsTest {

  private static final ChainStops STOPS = new ChainStops(Duration.ofMinutes(10));

  private final TracedEvent webhook = webhook("w", 1, Duration.ZERO);
  private final TracedEvent task = task("w", 1, Duration.ofSeconds(1));
  private final TracedEvent queued = runState("q", 1, Duration.ofSeconds(2), null, RunState.QUEUED);

  private List<ChainStop> stops(Duration later, TracedEvent... events) {
    return STOPS.find(CausalTree.build(List.of(events)), T0.plus(later));
  }

  @Test
  void aRunThatReachedATerminalStateLeavesNothingMissing() {
    TracedEvent started =
        runState("s", 2, Duration.ofSeconds(3), RunState.QUEUED, RunState.STARTED);
    TracedEvent failed = runState("f", 3, Duration.ofSeconds(9), RunState.STARTED, RunState.FAILED);

    assertThat(stops(Duration.ofHours(1), webhook, task, queued, started, failed)).isEmpty();
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
                queued,
                runState("s", 2, Duration.ofMinutes(5), RunState.QUEUED, RunState.STARTED)))
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
    TracedEvent dead = deadLetter(2, 41, Duration.ofSeconds(2));

    assertThat(stops(Duration.ofMinutes(1), webhook, task, dead))
        .extracting(ChainStop::kind, ChainStop::message)
        .containsExactly(
            tuple(
                ChainStop.Kind.DEAD_LETTER,
                "dead-lettered by /slipway/test slipway.task-spec/2@41: handler failed: boom"));
  }

  @Test
  void aRunPlannedAgainAfterAReplayIsJudgedByTheStatesOfItsRunId() {
    TracedEvent replayed = webhook("w2", 2, Duration.ofMinutes(5));
    TracedEvent replanned = task("w2", 2, Duration.ofMinutes(5).plusSeconds(1));

    TracedEvent succeeded =
        runState("f", 3, Duration.ofSeconds(9), RunState.QUEUED, RunState.SUCCEEDED);

    assertThat(stops(Duration.ofHours(1), webhook, task, queued, succeeded, replayed, replanned))
        .isEmpty();
    assertThat(stops(Duration.ofHours(1), webhook, task, replayed, replanned))
        .extracting(ChainStop::eventId)
        .containsExactly("t");
  }
}
