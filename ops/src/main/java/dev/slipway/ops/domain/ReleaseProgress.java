package dev.slipway.ops.domain;

import dev.slipway.events.ReleaseState;
import dev.slipway.events.ReleaseSummary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows one release through the coordinator's successive views and says, one line each, what
 * changed: "v7 in flight in dc1", "v7 rolled out in dc1", "v7 completed: live in dc1, dc2".
 */
public final class ReleaseProgress {

  private final String releaseId;
  private final Set<String> rolledOut = new LinkedHashSet<>();
  private ReleaseSummary last;

  public ReleaseProgress(String releaseId) {
    this.releaseId = releaseId;
  }

  /** The lines for what changed since the last view; none when the release is not in it. */
  public List<String> follow(ReleaseHistory history) {
    return history.release(releaseId).map(release -> follow(release, history)).orElse(List.of());
  }

  /**
   * @param history the view the release is in, for what it waits behind; may be null
   */
  public List<String> follow(ReleaseSummary release, ReleaseHistory history) {
    List<String> lines = new ArrayList<>();
    for (String datacenter : release.rolledOutIn()) {
      if (rolledOut.add(datacenter)) {
        lines.add(release.label() + " rolled out in " + datacenter);
      }
    }
    if (last == null
        || last.state() != release.state()
        || !Objects.equals(last.datacenter(), release.datacenter())) {
      lines.add(describe(release, history));
    }
    last = release;
    return lines;
  }

  public boolean ended() {
    return last != null && last.state().terminal();
  }

  public boolean completed() {
    return last != null && last.state() == ReleaseState.COMPLETED;
  }

  private static String describe(ReleaseSummary release, ReleaseHistory history) {
    String label = release.label();
    String detail = release.detail() == null ? "" : ": " + release.detail();
    return switch (release.state()) {
      case REQUESTED -> label + " requested";
      case WAITING -> label + " waiting for " + release.datacenter() + behind(release, history);
      case IN_FLIGHT -> label + " in flight in " + release.datacenter();
      case COMPLETED -> label + " completed: live in " + String.join(", ", release.rolledOutIn());
      case FAILED -> label + " failed in " + release.datacenter() + detail;
      case TIMED_OUT -> label + " timed out in " + release.datacenter() + detail;
      case SUPERSEDED -> label + " superseded" + detail;
    };
  }

  private static String behind(ReleaseSummary release, ReleaseHistory history) {
    if (history == null) {
      return "";
    }
    return history
        .lane(release.datacenter())
        .map(ReleaseHistory.Lane::inFlight)
        .filter(inFlight -> inFlight.number() != release.number())
        .map(inFlight -> ", behind " + inFlight.label() + " in flight there")
        .orElse("");
  }
}
