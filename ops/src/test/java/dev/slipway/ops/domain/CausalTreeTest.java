package dev.slipway.ops.domain;

import static dev.slipway.ops.SampleEvents.REPO;
import static dev.slipway.ops.domain.TracedEvents.deadLetter;
import static dev.slipway.ops.domain.TracedEvents.event;
import static dev.slipway.ops.domain.TracedEvents.runState;
import static dev.slipway.ops.domain.TracedEvents.task;
import static dev.slipway.ops.domain.TracedEvents.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.RunState;
import dev.slipway.ops.SampleEvents;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CausalTreeTest {

  @Test
  void eventsHangUnderTheirCauseEarliestFirstWithTheDelayFromIt() {
    TracedEvent webhook = webhook("w", 10, Duration.ZERO);
    TracedEvent plan =
        event(
            "p",
            "w",
            "slipway.task-spec",
            4,
            Duration.ofMillis(800),
            SampleEvents.planned(REPO, "unit"));
    TracedEvent task = task("w", 5, Duration.ofMillis(800));
    TracedEvent started =
        runState("s", 2, Duration.ofSeconds(3), RunState.QUEUED, RunState.STARTED);
    TracedEvent queued = runState("q", 1, Duration.ofSeconds(1), null, RunState.QUEUED);

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
    TracedEvent task = task("w", 5, Duration.ZERO);
    TracedEvent dead = deadLetter(0, 5, Duration.ofSeconds(1));

    List<TraceNode> roots = CausalTree.build(List.of(task, dead));

    assertThat(roots).hasSize(1);
    assertThat(roots.get(0).children()).extracting(TraceNode::event).containsExactly(dead);
  }

  @Test
  void anIdPublishedTwiceShowsUnderEachCauseAndItsConsequencesUnderTheFirstCopy() {
    TracedEvent webhook = webhook("w", 1, Duration.ZERO);
    TracedEvent replayed = webhook("w2", 2, Duration.ofMinutes(5));
    TracedEvent task = task("w", 1, Duration.ofSeconds(1));
    TracedEvent replanned = task("w2", 2, Duration.ofMinutes(6));
    TracedEvent queued = runState("q", 1, Duration.ofSeconds(2), null, RunState.QUEUED);

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
    TracedEvent task = task("w", 5, Duration.ofSeconds(2));
    TracedEvent early = runState("q", 1, Duration.ofSeconds(1), null, RunState.QUEUED);
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
