package dev.slipway.runner.rest;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.html.Html;
import dev.slipway.runner.domain.LogTail;
import dev.slipway.runner.domain.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTML page of one run (and, through {@link #page}, of one release build). Every value is
 * escaped: task names, branch output and log lines come from users. While the run is not finished,
 * a small script appends new log text (as text, never as markup) and reloads the page once the run
 * ended, so its final state and errors show.
 */
final class RunPage {

  private RunPage() {}

  static String render(RunRecord run, LogTail log, Instant now) {
    TaskPlanned task = run.request().task();
    List<Row> more = new ArrayList<>(List.of(new Row("Duration", format(run.duration(now)))));
    if (run.exitCode() != null) {
      more.add(new Row("Exit code", run.exitCode()));
    }
    if (run.detail() != null) {
      more.add(new Row("Detail", run.detail()));
    }
    return page(
        task.task(),
        task.repository(),
        List.of(
            new Row("Repository", task.repository()),
            new Row("Commit", task.sha()),
            new Row("Run", run.runId())),
        run.state(),
        more,
        run.errors(),
        log,
        run.runId());
  }

  /** One fact on a page. */
  record Row(String name, Object value) {}

  /**
   * A page of something that runs and logs (a task run, a release build): its facts around its
   * state, its errors and the tail of its log, followed live while the state is not terminal. A
   * longer log's earlier part is behind a link to the whole log ({@code <id>/log}, relative to the
   * page).
   */
  static String page(
      String heading,
      String subject,
      List<Row> facts,
      RunState state,
      List<Row> moreFacts,
      List<NormalizedError> errors,
      LogTail log,
      String id) {
    boolean live = !state.isTerminal();
    StringBuilder html = new StringBuilder(4096 + log.text().length());
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(Html.escape(heading))
        .append(" · ")
        .append(Html.escape(subject))
        .append(
            "</title><style>body{font-family:sans-serif;margin:2em}pre{background:#111;color:#eee;padding:1em;")
        .append(
            "white-space:pre-wrap}dt{font-weight:bold}.state{font-size:1.4em}</style></head><body>\n")
        .append("<h1>")
        .append(Html.escape(heading))
        .append("</h1>\n<dl>");
    facts.forEach(row -> html.append(row(row.name(), row.value())));
    html.append("<dt>State</dt><dd id=\"state\" class=\"state\">")
        .append(Html.escape(state))
        .append("</dd>");
    moreFacts.forEach(row -> html.append(row(row.name(), row.value())));
    html.append("</dl>\n");
    if (!errors.isEmpty()) {
      html.append("<h2>Errors</h2>\n<ul id=\"errors\">");
      for (NormalizedError error : errors) {
        html.append("<li><code>")
            .append(Html.escape(error.tool()))
            .append("</code> ")
            .append(Html.escape(error.describe()))
            .append("</li>");
      }
      html.append("</ul>\n");
    }
    html.append("<h2>Log</h2>\n");
    if (log.isPartial()) {
      html.append("<p id=\"log-note\">Only the end of the log is shown: its first ")
          .append(log.skippedBytes())
          .append(" bytes are in <a href=\"")
          .append(Html.escape(id + "/log"))
          .append("\">the whole log</a>.</p>\n");
    }
    html.append("<pre id=\"log\" data-offset=\"")
        .append(log.length())
        .append("\">")
        .append(Html.escape(log.text()))
        .append("</pre>\n");
    if (live) {
      html.append(
          "<script>\n"
              + "(function () {\n"
              + "  var log = document.getElementById('log');\n"
              + "  var offset = Number(log.dataset.offset);\n"
              + "  function poll() {\n"
              + "    fetch(location.pathname + '/log?from=' + offset).then(function (response) {\n"
              + "      var next = Number(response.headers.get('X-Log-Next-Offset'));\n"
              + "      var finished = response.headers.get('X-Run-Finished') === 'true';\n"
              + "      return response.text().then(function (text) {\n"
              + "        if (next > offset) { log.appendChild(document.createTextNode(text)); offset = next; }\n"
              + "        if (finished) { location.reload(); } else { setTimeout(poll, 1000); }\n"
              + "      });\n"
              + "    }).catch(function () { setTimeout(poll, 3000); });\n"
              + "  }\n"
              + "  setTimeout(poll, 500);\n"
              + "})();\n"
              + "</script>\n");
    }
    return html.append("</body></html>\n").toString();
  }

  private static String row(String name, Object value) {
    return "<dt>" + name + "</dt><dd>" + Html.escape(value) + "</dd>";
  }

  static String format(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
  }
}
