package dev.slipway.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.json.EventJson;
import java.time.Instant;
import java.util.List;

/**
 * The release-coordinator's JSON as its {@code RepositoryView} serialises: every field it sends,
 * also those the CLI does not read.
 */
public final class ReleaseViews {

  public static final String REPO = "acme/shop";
  public static final Instant REQUESTED_AT = Instant.parse("2026-12-01T03:10:00Z");
  private static final List<String> DATACENTERS = List.of("dc1", "dc2");

  private ReleaseViews() {}

  /** The image every release deploys: the one of v{@code built}. */
  public static String image(int built) {
    return "127.0.0.1:5000/acme/shop@sha256:"
        + String.valueOf(built).repeat(4)
        + "e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c";
  }

  /**
   * @param secondsTaken how long after {@link #REQUESTED_AT} it entered its state
   */
  public static ObjectNode release(
      int number,
      String origin,
      String tag,
      String image,
      String state,
      String datacenter,
      List<String> rolledOutIn,
      long secondsTaken,
      String detail) {
    boolean ended = List.of("COMPLETED", "FAILED", "SUPERSEDED", "TIMED_OUT").contains(state);
    Instant since = REQUESTED_AT.plusSeconds(secondsTaken);
    ObjectNode release = EventJson.mapper().createObjectNode();
    release.put("releaseId", origin.equals("published") ? "release-" + number : "op-" + number);
    release.put("number", number);
    release.put("origin", origin);
    release.put("tag", tag);
    release.put("sha", "45c9e75a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e");
    release.put("image", image);
    release.put("state", state);
    release.put("datacenter", datacenter);
    strings(release.putArray("datacenters"), DATACENTERS);
    strings(release.putArray("rolledOutIn"), rolledOutIn);
    release.put("publishedAt", REQUESTED_AT.minusSeconds(1).toString());
    release.put("requestedAt", REQUESTED_AT.toString());
    release.put("since", since.toString());
    if (ended) {
      release.put("finishedAt", since.toString());
    } else {
      release.putNull("finishedAt");
    }
    release.put("detail", detail);
    release.put("correlationId", "delivery-" + number);
    return release;
  }

  public static ObjectNode lane(
      String datacenter, ObjectNode live, ObjectNode inFlight, ObjectNode... waiting) {
    ObjectNode lane = EventJson.mapper().createObjectNode();
    lane.put("datacenter", datacenter);
    lane.set("live", live);
    lane.set("inFlight", inFlight);
    ArrayNode queue = lane.putArray("waiting");
    List.of(waiting).forEach(queue::add);
    lane.putArray("lastOutcomes")
        .addObject()
        .put("releaseId", "release-1")
        .put("number", 1)
        .put("tag", "v1.0")
        .put("result", "ROLLED_OUT")
        .putNull("detail")
        .put("at", REQUESTED_AT.minusSeconds(3600).toString());
    return lane;
  }

  /** The whole view; the releases newest first. */
  public static String view(List<ObjectNode> lanes, List<ObjectNode> releases) {
    ObjectNode view = EventJson.mapper().createObjectNode();
    view.put("repository", REPO);
    view.put("lastReleaseNumber", releases.isEmpty() ? 0 : releases.get(0).get("number").asInt());
    lanes.forEach(view.putArray("datacenters")::add);
    releases.forEach(view.putArray("releases")::add);
    view.putArray("rejectedOperations");
    return view.toString();
  }

  /** A view with one release, as a poll sees it. */
  public static String viewOf(ObjectNode release) {
    return view(List.of(), List.of(release));
  }

  /** The operations endpoint's 202. */
  public static String accepted(ObjectNode release) {
    ObjectNode answer = EventJson.mapper().createObjectNode();
    answer.put("operationId", release.get("releaseId").asText().substring("op-".length()));
    answer.put("releaseId", release.get("releaseId").asText());
    answer.set("release", release);
    return answer.toString();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
