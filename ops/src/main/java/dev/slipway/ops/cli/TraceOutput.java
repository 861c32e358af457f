package dev.slipway.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.json.EventJson;
import dev.slipway.ops.domain.ChainStop;
import dev.slipway.ops.domain.Durations;
import dev.slipway.ops.domain.EventDescriptions;
import dev.slipway.ops.domain.Trace;
import dev.slipway.ops.domain.TraceNode;
import dev.slipway.ops.domain.TracedEvent;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** A trace as a tree for people, or as JSON for machines. */
final class TraceOutput {

  private TraceOutput() {}

  static String text(Trace trace) {
    StringBuilder out = new StringBuilder();
    out.append("delivery ")
        .append(trace.delivery())
        .append(" at ")
        .append(trace.deliveryTime().truncatedTo(ChronoUnit.MILLIS))
        .append(": ")
        .append(trace.eventCount())
        .append(" event(s)\n");
    for (TraceNode root : trace.roots()) {
      tree(out, root, "", "");
    }
    if (trace.stops().isEmpty()) {
      out.append("chain: nothing missing\n");
    }
    for (ChainStop stop : trace.stops()) {
      out.append(
              switch (stop.kind()) {
                case DEAD_LETTER -> "dead letter: ";
                case STOPPED -> "stopped: ";
                case WAITING -> "waiting: ";
              })
          .append(stop.message())
          .append('\n');
    }
    out.append("read ")
        .append(trace.scanned())
        .append(" record(s) stamped ")
        .append(trace.windowFrom().truncatedTo(ChronoUnit.SECONDS))
        .append(" to ")
        .append(trace.windowTo().truncatedTo(ChronoUnit.SECONDS))
        .append(" in ")
        .append(trace.elapsed().toMillis())
        .append(" ms\n");
    return out.toString();
  }

  /** What a replayed event's line says of it: {@code replay of <id>}, and {@code rerun <id>}. */
  static String replay(TracedEvent event) {
    return "replay of "
        + event.replayOf()
        + (event.rerun() == null ? "" : ", rerun " + event.rerun());
  }

  private static void tree(StringBuilder out, TraceNode node, String prefix, String childPrefix) {
    TracedEvent event = node.event();
    out.append(prefix)
        .append(event.name())
        .append("  ")
        .append(event.position())
        .append("  ")
        .append(event.time().truncatedTo(ChronoUnit.MILLIS));
    if (node.delay() != null) {
      out.append(node.delay().isNegative() ? "  -" : "  +")
          .append(Durations.words(node.delay().abs()));
    }
    out.append("  ").append(EventDescriptions.describe(event.data()));
    if (event.replayOf() != null) {
      out.append("  [").append(replay(event)).append(']');
    }
    if (node.missingCause() != null) {
      out.append("  [its cause ").append(node.missingCause()).append(" is not in the window read]");
    }
    out.append('\n');
    List<TraceNode> children = node.children();
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      tree(
          out,
          children.get(i),
          childPrefix + (last ? "└─ " : "├─ "),
          childPrefix + (last ? "   " : "│  "));
    }
  }

  static String json(Trace trace) {
    ObjectNode root = EventJson.mapper().createObjectNode();
    root.put("delivery", trace.delivery());
    root.put("deliveryTime", trace.deliveryTime().toString());
    ArrayNode events = root.putArray("events");
    trace.roots().forEach(node -> events.add(node(node)));
    ArrayNode stops = root.putArray("stops");
    for (ChainStop stop : trace.stops()) {
      stops
          .addObject()
          .put("eventId", stop.eventId())
          .put("kind", stop.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .put("sinceMillis", stop.since().toMillis())
          .put("message", stop.message());
    }
    root.putObject("read")
        .put("from", trace.windowFrom().toString())
        .put("to", trace.windowTo().toString())
        .put("records", trace.scanned())
        .put("millis", trace.elapsed().toMillis());
    return root.toPrettyString();
  }

  private static ObjectNode node(TraceNode node) {
    TracedEvent event = node.event();
    ObjectNode json = EventJson.mapper().createObjectNode();
    json.put("id", event.id());
    json.put("type", event.type());
    json.put("name", event.name());
    json.put("source", event.source());
    json.put("topic", event.topic());
    json.put("partition", event.partition());
    json.put("offset", event.offset());
    json.put("time", event.time().toString());
    if (node.delay() != null) {
      json.put("delayMillis", node.delay().toMillis());
    }
    json.put("causationId", event.causationId());
    json.put("repository", event.repository());
    json.put("summary", EventDescriptions.describe(event.data()));
    if (event.replayOf() != null) {
      json.put("replayOf", event.replayOf());
    }
    if (event.rerun() != null) {
      json.put("rerun", event.rerun());
    }
    if (node.missingCause() != null) {
      json.put("missingCause", node.missingCause());
    }
    ArrayNode children = json.putArray("children");
    node.children().forEach(child -> children.add(node(child)));
    return json;
  }
}
