package dev.slipway.runner.rest;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.RunRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * The HTML page of one run. Every value is escaped: task names, branch output and log lines come
 * from users. While the run is not finished, a small script appends new log text (as text, never
 * as markup) and reloads the page once the run ended, so its final state and errors show.
 */
final class RunPage {

  private RunPage() {}

  static String render(RunRecord run, String log, long logLength, Instant now) {
    TaskPlanned task = run.request().task();
    boolean live = !run.state().isTerminal();
    StringBuilder html = new StringBuilder(4096 + log.length());
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>").append(Html.escape(task.task())).append(" · ").append(Html.escape(task.repository()))
        .append("</title><style>body{font-family:sans-serif;margin:2em}pre{background:#111;color:#eee;padding:1em;")
        .append("white-space:pre-wrap}dt{font-weight:bold}.state{font-size:1.4em}</style></head><body>\n")
        .append("<h1>").append(Html.escape(task.task())).append("</h1>\n<dl>")
        .append(row("Repository", task.repository()))
        .append(row("Commit", task.sha()))
        .append(row("Run", run.runId()))
        .append("<dt>State</dt><dd id=\"state\" class=\"state\">").append(Html.escape(run.state())).append("</dd>")
        .append(row("Duration", format(run.duration(now))));
    if (run.exitCode() != null) {
      html.append(row("Exit code", run.exitCode()));
    }
    if (run.detail() != null) {
      html.append(row("Detail", run.detail()));
    }
    html.append("</dl>\n");
    if (!run.errors().isEmpty()) {
      html.append("<h2>Errors</h2>\n<ul id=\"errors\">");
      for (NormalizedError error : run.errors()) {
        html.append("<li><code>").append(Html.escape(error.tool())).append("</code> ")
            .append(Html.escape(error.describe())).append("</li>");
      }
      html.append("</ul>\n");
    }
    html.append("<h2>Log</h2>\n<pre id=\"log\" data-offset=\"").append(logLength).append("\">")
        .append(Html.escape(log)).append("</pre>\n");
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

  private static String format(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
  }
}
