package dev.slipway.gateway.domain;

import java.util.Map;
import java.util.Set;

/**
 * Which GitHub event types and actions Slipway acts on; every other delivery is acknowledged and
 * dropped.
 */
public final class HandledEvents {

  /** Events that GitHub sends without an {@code action}. */
  private static final Set<String> WITHOUT_ACTION = Set.of("push", "ping");

  private static final Map<String, Set<String>> ACTIONS_BY_EVENT =
      Map.of(
          // closed lets downstream cancel the runs of a PR that will not merge any more.
          "pull_request", Set.of("opened", "synchronize", "reopened", "closed"),
          "release", Set.of("published"),
          // created only: PR commands such as /retest are new comments.
          "issue_comment", Set.of("created"),
          // A person asks for a redeploy by creating one; deployment_status, which GitHub sends
          // for every status Slipway writes, is not handled.
          "deployment", Set.of("created"));

  private HandledEvents() {}

  public static boolean hasActions(String event) {
    return ACTIONS_BY_EVENT.containsKey(event);
  }

  public static boolean isHandled(String event, String action) {
    if (WITHOUT_ACTION.contains(event)) {
      return true;
    }
    Set<String> actions = ACTIONS_BY_EVENT.get(event);
    return actions != null && actions.contains(action);
  }
}
