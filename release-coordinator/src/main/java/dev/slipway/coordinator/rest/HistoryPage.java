package dev.slipway.coordinator.rest;

import static dev.slipway.platform.html.Html.escape;

import dev.slipway.coordinator.domain.RejectedOperation;
import dev.slipway.coordinator.domain.RepositoryView;
import dev.slipway.coordinator.domain.RepositoryView.Lane;
import dev.slipway.events.ReleaseSummary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The release history of one repository as a page for people: per datacenter the release live
 * there, the one in flight and the waiting ones; every release remembered, newest first; the
 * operations that were refused. Server-rendered, no script. Every value is escaped: tags, branch
 * names, datacenters and reasons come from users.
 */
final class HistoryPage {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
          + "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
          + "th{background:#f3f3f3}code{font-size:.95em}time,.build-log{white-space:nowrap}.none{color:#777}";

  private final String buildLogUrl;
  private final String githubUrl;

  HistoryPage(String buildLogUrl, String githubUrl) {
    this.buildLogUrl = buildLogUrl;
    this.githubUrl = githubUrl.endsWith("/") ? githubUrl : githubUrl + "/";
  }

  String render(RepositoryView view, Instant now) {
    StringBuilder html = start("Releases of " + view.repository());
    html.append("<h1>Releases of ")
        .append(escape(view.repository()))
        .append("</h1>\n<p>")
        .append(
            view.lastReleaseNumber() == 0
                ? "No release numbered yet."
                : "Last release number: v" + view.lastReleaseNumber() + ".")
        .append("</p>\n");
    lanes(html, view.datacenters());
    history(html, view, now);
    refused(html, view.rejectedOperations());
    return html.append("</body></html>\n").toString();
  }

  /** A page that says why there is no history to show (unknown repository, state not ready). */
  String problem(String repository, String message) {
    return start("Releases of " + repository)
        .append("<h1>Releases of ")
        .append(escape(repository))
        .append("</h1>\n<p id=\"problem\">")
        .append(escape(message))
        .append("</p>\n</body></html>\n")
        .toString();
  }

  private static StringBuilder start(String title) {
    return new StringBuilder(8192)
        .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
  }

  private static void lanes(StringBuilder html, List<Lane> lanes) {
    html.append("<h2>Datacenters</h2>\n");
    if (lanes.isEmpty()) {
      html.append("<p class=\"none\">No release has reached a datacenter yet.</p>\n");
      return;
    }
    html.append(
        "<table id=\"datacenters\"><tr><th>Datacenter</th><th>Live</th><th>In flight</th>"
            + "<th>Waiting</th></tr>\n");
    for (Lane lane : lanes) {
      html.append("<tr><td>")
          .append(escape(lane.datacenter()))
          .append("</td><td>")
          .append(releaseLink(lane.live()))
          .append("</td><td>")
          .append(releaseLink(lane.inFlight()))
          .append("</td><td>");
      if (lane.waiting().isEmpty()) {
        html.append(none());
      } else {
        html.append(
            lane.waiting().stream()
                .map(HistoryPage::releaseLink)
                .collect(Collectors.joining(", ")));
      }
      html.append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private void history(StringBuilder html, RepositoryView view, Instant now) {
    html.append("<h2>History</h2>\n");
    if (view.releases().isEmpty()) {
      html.append("<p class=\"none\">No release is remembered.</p>\n");
      return;
    }
    html.append(
        "<table id=\"history\"><tr><th>Release</th><th>Origin</th><th>Tag</th><th>Digest</th>"
            + "<th>State</th><th>Datacenters</th><th>Started</th><th>Duration</th>"
            + "<th>Outcome</th><th>Links</th></tr>\n");
    for (ReleaseSummary release : view.releases()) {
      html.append("<tr id=\"")
          .append(release.label())
          .append("\"><td>")
          .append(release.label())
          .append("</td><td>")
          .append(escape(release.origin()))
          .append("</td><td title=\"")
          .append(escape(release.sha()))
          .append("\">")
          .append(escape(release.tag()))
          .append("</td><td>")
          .append(digest(release.image()))
          .append("</td><td>")
          .append(state(release))
          .append("</td><td>")
          .append(datacenters(release))
          .append("</td><td>")
          .append(time(release.requestedAt()))
          .append("</td><td>")
          .append(duration(release, now))
          .append("</td><td>")
          .append(release.detail() == null ? none() : escape(release.detail()))
          .append("</td><td>")
          .append(links(view, release))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void refused(StringBuilder html, List<RejectedOperation> rejected) {
    html.append("<h2>Refused operations</h2>\n");
    if (rejected.isEmpty()) {
      html.append("<p class=\"none\">None.</p>\n");
      return;
    }
    html.append("<table id=\"refused\"><tr><th>At</th><th>Operation</th><th>Reason</th></tr>\n");
    for (RejectedOperation operation : rejected) {
      html.append("<tr><td>")
          .append(time(operation.at()))
          .append("</td><td><code>")
          .append(escape(operation.operationId()))
          .append("</code></td><td>")
          .append(escape(operation.reason()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static String releaseLink(ReleaseSummary release) {
    if (release == null) {
      return none();
    }
    return "<a href=\"#"
        + release.label()
        + "\">"
        + release.label()
        + "</a> "
        + escape(release.tag())
        + (release.state().terminal() ? "" : " since " + time(release.since()));
  }

  /** The digest, shortened to what people compare; the whole image reference in its title. */
  private static String digest(String image) {
    if (image == null) {
      return none();
    }
    int at = image.indexOf('@');
    String digest = at < 0 ? image : image.substring(at + 1);
    int colon = digest.indexOf(':');
    String shown = digest.substring(0, Math.min(digest.length(), colon + 1 + 12));
    return "<code title=\"" + escape(image) + "\">" + escape(shown) + "</code>";
  }

  private static String state(ReleaseSummary release) {
    String state = escape(release.state());
    return switch (release.state()) {
      case IN_FLIGHT -> state + " in " + escape(release.datacenter());
      case WAITING -> state + " for " + escape(release.datacenter());
      default -> state;
    };
  }

  private static String datacenters(ReleaseSummary release) {
    String all = escape(String.join(", ", release.datacenters()));
    if (release.rolledOutIn().isEmpty()) {
      return all;
    }
    return all + "<br>rolled out in " + escape(String.join(", ", release.rolledOutIn()));
  }

  private static String time(Instant at) {
    if (at == null) {
      return none();
    }
    return "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time>";
  }

  /** From the request to the end, or to now (so far) while the release is active. */
  private static String duration(ReleaseSummary release, Instant now) {
    if (release.requestedAt() == null) {
      return none();
    }
    boolean ended = release.finishedAt() != null;
    Duration taken = Duration.between(release.requestedAt(), ended ? release.finishedAt() : now);
    return format(taken) + (ended ? "" : " so far");
  }

  static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  /**
   * The build log of the build that made the release's image (a rollback or a redeploy builds
   * nothing: its image is an earlier release's), and GitHub's deployments of each of its
   * datacenters.
   */
  private String links(RepositoryView view, ReleaseSummary release) {
    StringBuilder links =
        new StringBuilder("<a class=\"build-log\" href=\"")
            .append(escape(buildLogUrl + segment(builtBy(view, release).releaseId())))
            .append("\">build log</a>");
    if (!release.datacenters().isEmpty()) {
      links.append("<br>GitHub:");
    }
    for (String datacenter : release.datacenters()) {
      links
          .append(" <a class=\"deployments\" href=\"")
          .append(
              escape(githubUrl + path(view.repository()) + "/deployments/" + segment(datacenter)))
          .append("\" title=\"GitHub deployments in ")
          .append(escape(datacenter))
          .append("\">")
          .append(escape(datacenter))
          .append("</a>");
    }
    return links.toString();
  }

  /** The oldest release remembered with the same image, which built it; else the release itself. */
  private static ReleaseSummary builtBy(RepositoryView view, ReleaseSummary release) {
    if (release.image() == null) {
      return release;
    }
    return view.releases().stream()
        .filter(other -> release.image().equals(other.image()))
        .min(Comparator.comparingInt(ReleaseSummary::number))
        .orElse(release);
  }

  private static String path(String repository) {
    return List.of(repository.split("/", -1)).stream()
        .map(HistoryPage::segment)
        .collect(Collectors.joining("/"));
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String none() {
    return "<span class=\"none\">—</span>";
  }
}
