package dev.slipway.runner.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test}: the indented {@code file_test.go:line: message} lines a failing test prints,
 * named after the test that ran ({@code === RUN TestName} in verbose mode, the {@code --- FAIL:}
 * line otherwise).
 */
final class GoTestMatcher implements ErrorMatcher {

  private static final Pattern TEST =
      Pattern.compile("^\\s*(?:=== RUN|--- FAIL:)\\s+(?<test>\\S+).*$");
  private static final Pattern REPORT =
      Pattern.compile("^\\s+(?<file>[\\w./-]+\\.go):(?<line>\\d+): (?<message>.*)$");

  @Override
  public List<FoundError> find(List<String> lines) {
    List<FoundError> found = new ArrayList<>();
    String test = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher named = TEST.matcher(lines.get(i));
      if (named.matches()) {
        test = named.group("test");
        continue;
      }
      Matcher report = REPORT.matcher(lines.get(i));
      if (report.matches()) {
        String prefix = test == null ? "" : test + ": ";
        found.add(
            FoundError.at(
                i,
                "go test",
                report.group("file"),
                Integer.valueOf(report.group("line")),
                null,
                prefix + report.group("message")));
      }
    }
    return found;
  }
}
