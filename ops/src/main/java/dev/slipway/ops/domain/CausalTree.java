package dev.slipway.ops.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arranges the events of one delivery by cause ({@code ce_causationid} → {@code ce_id}).
 *
 * <p>Ids are not unique on the topics: an event with a deterministic id (a task plan, a run's state
 * change) is published again when its cause is handled again, e.g. after a replay. Each copy shows
 * under its own cause; what names that id as its cause hangs under the earliest copy.
 */
public final class CausalTree {

  /** Earliest first; ties in time keep the log's order. */
  public static final Comparator<TracedEvent> ORDER =
      Comparator.comparing(TracedEvent::time)
          .thenComparing(TracedEvent::topic)
          .thenComparingInt(TracedEvent::partition)
          .thenComparingLong(TracedEvent::offset);

  private CausalTree() {}

  /**
   * The roots of the tree: events without a cause, and events whose cause is not among {@code
   * events}.
   */
  public static List<TraceNode> build(List<TracedEvent> events) {
    List<TracedEvent> ordered = new ArrayList<>(events);
    ordered.sort(ORDER);
    Map<String, TracedEvent> firstById = new HashMap<>();
    for (TracedEvent event : ordered) {
      firstById.putIfAbsent(event.id(), event);
    }
    Map<TracedEvent, TracedEvent> causeOf = new IdentityHashMap<>();
    for (TracedEvent event : ordered) {
      TracedEvent cause = event.causeId() == null ? null : firstById.get(event.causeId());
      if (cause != null) {
        causeOf.put(event, cause);
      }
    }
    Map<TracedEvent, List<TracedEvent>> childrenOf = new IdentityHashMap<>();
    List<TracedEvent> roots = new ArrayList<>();
    for (TracedEvent event : ordered) {
      // Clocks of services differ, so a cause may be stamped after its effect; only a loop of
      // causes (possible with reused ids) is cut, at the event that closes it.
      if (!causeOf.containsKey(event) || closesLoop(event, causeOf)) {
        causeOf.remove(event);
        roots.add(event);
      } else {
        childrenOf.computeIfAbsent(causeOf.get(event), any -> new ArrayList<>()).add(event);
      }
    }
    List<TraceNode> nodes = new ArrayList<>();
    for (TracedEvent root : roots) {
      String missing =
          root.causeId() != null && !firstById.containsKey(root.causeId()) ? root.causeId() : null;
      nodes.add(node(root, null, childrenOf, missing));
    }
    return nodes;
  }

  private static boolean closesLoop(TracedEvent event, Map<TracedEvent, TracedEvent> causeOf) {
    Map<TracedEvent, Boolean> seen = new IdentityHashMap<>();
    for (TracedEvent cause = causeOf.get(event); cause != null; cause = causeOf.get(cause)) {
      if (cause == event || seen.put(cause, Boolean.TRUE) != null) {
        return true;
      }
    }
    return false;
  }

  private static TraceNode node(
      TracedEvent event,
      TracedEvent cause,
      Map<TracedEvent, List<TracedEvent>> childrenOf,
      String missingCause) {
    List<TraceNode> children = new ArrayList<>();
    for (TracedEvent child : childrenOf.getOrDefault(event, List.of())) {
      children.add(node(child, event, childrenOf, null));
    }
    Duration delay = cause == null ? null : Duration.between(cause.time(), event.time());
    return new TraceNode(event, delay, children, missingCause);
  }

  /** Every node of the trees, depth first, causes before what they caused. */
  public static List<TraceNode> flatten(List<TraceNode> roots) {
    List<TraceNode> all = new ArrayList<>();
    for (TraceNode root : roots) {
      all.add(root);
      all.addAll(flatten(root.children()));
    }
    return all;
  }
}
