package dev.slipway.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.ReleaseState;
import dev.slipway.events.json.EventJson;
import dev.slipway.testsupport.ReleaseSummaries;
import java.time.Instant;
import java.util.List;

/**
 * The release-coordinator's JSON as its {@code RepositoryView} serialises: every field it sends,
 * also those the CLI does not read.
 */
public final class ReleaseViews {

  public static final String REPO = "acme/shop";
  public static final Instant REQUESTED_AT = Instant.parse("2026-12-01T03:10:00Z");

  private ReleaseViews() {}

  /** The image every release deploys: the one of v{@code built}. */
  public static String image(int built) {
    return "127.0.0.1:5000/acme/shop@sha256:"
        + String.valueOf(built).repeat(4)
        + "e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c";
  }

  /**
   * @param secondsTaken how long after {@link #REQUESTED_AT} it entered its state
   * @param detail why it ended; an active release has none
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
    Instant since = REQUESTED_AT.plusSeconds(secondsTaken);
    ReleaseSummaries release =
        ReleaseSummaries.release(number)
            .releaseId(origin.equals("published") ? "release-" + number : "op-" + number)
            .origin(origin)
            .tag(tag)
            .image(image)
            .state(ReleaseState.valueOf(state), datacenter)
            .rolledOutIn(rolledOutIn.toArray(String[]::new))
            .requestedAt(REQUESTED_AT)
            .since(since);
    if (ReleaseState.valueOf(state).terminal()) {
      release.finished(since, detail);
    }
    return EventJson.mapper().valueToTree(release.build());
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
}
