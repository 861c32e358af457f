package dev.slipway.ops.domain;

import static dev.slipway.ops.SampleEvents.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.RunState;
import dev.slipway.ops.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CausalTreeTest {

  private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
  private static final String DELIVERY = "delivery-1";

  static TracedEvent event(
      String id, String cause, String topic, long offset, Duration after, Object data) {
    return new TracedEvent(
        id,
        cause,
        DELIVERY,
        null,
        null,
        "type",
        "/slipway/test",
        topic,
        0,
        offset,
        T0.plus(after),
        REPO,
        data);
  }

  @Test
  void eventsHangUnderTheirCauseEarliestFirstWithTheDelayFromIt() {
    TracedEvent webhook =
        event(
            "w",
            null,
            "slipway.webhook",
            10,
            Duration.ZERO,
            SampleEvents.pullRequestOpened(DELIVERY, REPO));
    TracedEvent plan =
        event(
            "p",
            "w",
            "slipway.task-spec",
            4,
            Duration.ofMillis(800),
            SampleEvents.planned(REPO, "unit"));
    TracedEvent task =
        event(
            "t",
            "w",
            "slipway.task-spec",
            5,
            Duration.ofMillis(800),
            SampleEvents.task(REPO, "run-1", "unit"));
    TracedEvent started =
        event(
            "s",
            "t",
            "slipway.build-job",
            2,
            Duration.ofSeconds(3),
            SampleEvents.state(REPO, "run-1", "unit", RunState.QUEUED, RunState.STARTED));
    TracedEvent queued =
        event(
            "q",
            "t",
            "slipway.build-job",
            1,
            Duration.ofSeconds(1),
            SampleEvents.state(REPO, "run-1", "unit", null, RunState.QUEUED));

    List<TraceNode> roots = CausalTree.build(List.of(started, task, webhook, queued, plan));

    assertThat(roots).hasSize(1);
    TraceNode root = roots.get(0);
    assertThat(root.event()).isEqualTo(webhook);
    assertThat(root.delay()).isNull();
    assertThat(root.children()).extracting(TraceNode::event).containsExactly(plan, task);
    TraceNode taskNode = root.children().get(1);
    assertThat(taskNode.delay()).isEqualTo(Duration.ofMillis(800));
    assertThat(taskNode.children()).extracting(TraceNode::event).containsExactly(queued, started);
    assertThat(taskNode.children().get(1).delay()).isEqualTo(Duration.ofMillis(2200));
    assertThat(CausalTree.flatten(roots))
        .extracting(TraceNode::event)
        .containsExactly(webhook, plan, task, queued, started);
  }

  @Test
  void anEventWhoseCauseWasNotReadIsARootThatNamesTheMissingCause() {
    TracedEvent orphan =
        event(
            "s",
            "t-outside-window",
            "slipway.build-job",
            1,
            Duration.ZERO,
            SampleEvents.state(REPO, "run-1", "unit", null, RunState.QUEUED));

    List<TraceNode> roots = CausalTree.build(List.of(orphan));

    assertThat(roots)
        .singleElement()
        .satisfies(root -> assertThat(root.missingCause()).isEqualTo("t-outside-window"));
  }

  @Test
  void aDeadLetterHangsUnderTheRecordItHolds() {
    TracedEvent task =
        event(
            "t",
            "w",
            "slipway.task-spec",
            5,
            Duration.ZERO,
            SampleEvents.task(REPO, "run-1", "unit"));
    DeadLetter letter =
        new DeadLetter(
            "slipway.task-spec",
            0,
            5,
            "handler failed: boom",
            null,
            new byte[0],
            Map.of("ce_id", "t"));
    TracedEvent dead = event("d", null, "slipway.dead-letter", 0, Duration.ofSeconds(1), letter);

    List<TraceNode> roots = CausalTree.build(List.of(task, dead));

    assertThat(roots).hasSize(1);
    assertThat(roots.get(0).children()).extracting(TraceNode::event).containsExactly(dead);
  }

  @Test
  void anIdPublishedTwiceShowsUnderEachCauseAndItsConsequencesUnderTheFirstCopy() {
    TracedEvent webhook =
        event(
            "w",
            null,
            "slipway.webhook",
            1,
            Duration.ZERO,
            SampleEvents.pullRequestOpened(DELIVERY, REPO));
    TracedEvent replayed =
        event(
            "w2",
            null,
            "slipway.webhook",
            2,
            Duration.ofMinutes(5),
            SampleEvents.pullRequestOpened(DELIVERY, REPO));
    TracedEvent task =
        event(
            "t",
            "w",
            "slipway.task-spec",
            1,
            Duration.ofSeconds(1),
            SampleEvents.task(REPO, "run-1", "unit"));
    TracedEvent replanned =
        event(
            "t",
            "w2",
            "slipway.task-spec",
            2,
            Duration.ofMinutes(6),
            SampleEvents.task(REPO, "run-1", "unit"));
    TracedEvent queued =
        event(
            "q",
            "t",
            "slipway.build-job",
            1,
            Duration.ofSeconds(2),
            SampleEvents.state(REPO, "run-1", "unit", null, RunState.QUEUED));

    List<TraceNode> roots = CausalTree.build(List.of(webhook, replayed, task, replanned, queued));

    assertThat(roots).extracting(TraceNode::event).containsExactly(webhook, replayed);
    assertThat(roots.get(0).children())
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.event()).isEqualTo(task);
              assertThat(node.children()).extracting(TraceNode::event).containsExactly(queued);
            });
    assertThat(roots.get(1).children())
        .singleElement()
        .satisfies(node -> assertThat(node.event()).isEqualTo(replanned));
  }

  @Test
  void aCauseStampedAfterItsEffectIsStillItsCauseButALoopOfCausesIsCut() {
    TracedEvent task =
        event(
            "t",
            "w",
            "slipway.task-spec",
            5,
            Duration.ofSeconds(2),
            SampleEvents.task(REPO, "run-1", "unit"));
    TracedEvent early =
        event(
            "q",
            "t",
            "slipway.build-job",
            1,
            Duration.ofSeconds(1),
            SampleEvents.state(REPO, "run-1", "unit", null, RunState.QUEUED));
    TracedEvent a =
        event("a", "b", "slipway.task-spec", 6, Duration.ofSeconds(3), SampleEvents.planned(REPO));
    TracedEvent b =
        event("b", "a", "slipway.task-spec", 7, Duration.ofSeconds(4), SampleEvents.planned(REPO));

    List<TraceNode> roots = CausalTree.build(List.of(task, early, a, b));

    assertThat(roots).extracting(TraceNode::event).containsExactly(task, a);
    assertThat(roots.get(0).children())
        .singleElement()
        .satisfies(node -> assertThat(node.delay()).isEqualTo(Duration.ofSeconds(-1)));
    assertThat(roots.get(1).children()).extracting(TraceNode::event).containsExactly(b);
  }
}
