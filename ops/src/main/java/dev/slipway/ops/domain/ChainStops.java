package dev.slipway.ops.domain;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a delivery's chain stopped: the events after which the flow owes a next event that is not
 * there, and the dead letters. What each service owes:
 *
 * <ul>
 *   <li>a webhook the compiler plans from (a pull request opened, pushed to or reopened, a push to
 *       a branch, a published release) is followed by a task-spec event (the plan, its rejection,
 *       the release request);
 *   <li>a {@code TaskPlanned} is followed by its run id's {@code TaskRunStateChanged}s, the last of
 *       them terminal (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ERROR);
 *   <li>a {@code ReleaseRequested} by the coordinator's decision, a {@code ReleaseAdmitted} by its
 *       release build.
 * </ul>
 *
 * A missing event younger than {@code stallAfter} is reported as waiting, older as stopped. An
 * event that was dead-lettered owes nothing more: its dead letter is the stop.
 */
public final class ChainStops {

  private final Duration stallAfter;

  public ChainStops(Duration stallAfter) {
    this.stallAfter = stallAfter;
  }

  public List<ChainStop> find(List<TraceNode> roots, Instant now) {
    List<ChainStop> stops = new ArrayList<>();
    List<TraceNode> nodes = CausalTree.flatten(roots);
    Map<String, TracedEvent> lastStateOfRun = lastStates(nodes);
    Set<String> runsSeen = new HashSet<>();
    for (TraceNode node : nodes) {
      TracedEvent event = node.event();
      Object data = event.data();
      if (data instanceof DeadLetter letter) {
        stops.add(
            new ChainStop(
                event.id(),
                ChainStop.Kind.DEAD_LETTER,
                since(event, now),
                "dead-lettered by "
                    + event.source()
                    + " "
                    + EventDescriptions.whereAndWhy(letter)));
      } else if (deadLettered(node)) {
        // The dead letter is why nothing followed; it is reported on its own.
        continue;
      } else if (data instanceof WebhookReceived webhook
          && plansFrom(webhook)
          && node.children().isEmpty()) {
        stops.add(missing(event, "no task-spec event (plan, rejection or release request)", now));
      } else if (data instanceof TaskPlanned planned && runsSeen.add(planned.runId())) {
        runStop(node, planned, lastStateOfRun.get(planned.runId()), now).ifPresent(stops::add);
      } else if (data instanceof ReleaseRequested && node.children().isEmpty()) {
        stops.add(
            missing(event, "no release decision (ReleaseAdmitted, ReleaseSuperseded, …)", now));
      } else if (data instanceof ReleaseAdmitted && node.children().isEmpty()) {
        stops.add(missing(event, "no ReleaseBuildStateChanged", now));
      }
    }
    return stops;
  }

  private static boolean deadLettered(TraceNode node) {
    return node.children().stream().anyMatch(child -> child.event().data() instanceof DeadLetter);
  }

  /**
   * A run's states hang under the {@code TaskPlanned} that planned it; a plan made again (after a
   * replay, with the same run id) owes no states of its own, since the runner does not start a run
   * it knows again. So a run is judged by its latest state anywhere in the trace, once.
   */
  private Optional<ChainStop> runStop(
      TraceNode node, TaskPlanned planned, TracedEvent last, Instant now) {
    if (last == null) {
      return Optional.of(missing(node.event(), "no TaskRunStateChanged", now));
    }
    TaskRunStateChanged change = (TaskRunStateChanged) last.data();
    if (change.to().isTerminal()) {
      return Optional.empty();
    }
    Duration since = since(last, now);
    return Optional.of(
        new ChainStop(
            last.id(),
            kind(since),
            since,
            "run "
                + planned.runId()
                + " ("
                + planned.task()
                + ") "
                + change.to()
                + ", no later TaskRunStateChanged for "
                + Durations.words(since)));
  }

  private static Map<String, TracedEvent> lastStates(List<TraceNode> nodes) {
    Map<String, TracedEvent> last = new HashMap<>();
    for (TraceNode node : nodes) {
      if (node.event().data() instanceof TaskRunStateChanged change) {
        last.merge(
            change.runId(), node.event(), (a, b) -> CausalTree.ORDER.compare(a, b) >= 0 ? a : b);
      }
    }
    return last;
  }

  private ChainStop missing(TracedEvent event, String what, Instant now) {
    Duration since = since(event, now);
    return new ChainStop(
        event.id(),
        kind(since),
        since,
        what + " after " + event.name() + " for " + Durations.words(since));
  }

  private ChainStop.Kind kind(Duration since) {
    return since.compareTo(stallAfter) >= 0 ? ChainStop.Kind.STOPPED : ChainStop.Kind.WAITING;
  }

  private static Duration since(TracedEvent event, Instant now) {
    Duration since = Duration.between(event.time(), now);
    return since.isNegative() ? Duration.ZERO : since;
  }

  private static boolean plansFrom(WebhookReceived webhook) {
    return webhook.plansPullRequestHead()
        || (webhook.details() instanceof WebhookDetails.Push push
            && push.ref() != null
            && push.ref().startsWith("refs/heads/")
            && push.headSha() != null
            && !push.headSha().chars().allMatch(c -> c == '0'))
        || ("release".equals(webhook.event()) && "published".equals(webhook.action()));
  }
}
