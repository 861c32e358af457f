package dev.slipway.runner.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test}: the indented {@code file_test.go:line: message} lines a failing test prints,
 * named after the test that ran ({@code === RUN TestName} in verbose mode, the {@code --- FAIL:}
 * line otherwise).
 */
final class GoTestMatcher extends NamedScopeMatcher {

  private static final Pattern TEST =
      Pattern.compile("^\\s*(?:=== RUN|--- FAIL:)\\s+(?<test>\\S+).*$");
  private static final Pattern REPORT =
      Pattern.compile("^\\s+(?<file>[\\w./-]+\\.go):(?<line>\\d+): (?<message>.*)$");

  GoTestMatcher() {
    super(TEST, "test", REPORT);
  }

  @Override
  FoundError error(int lineIndex, String test, Matcher report) {
    String prefix = test == null ? "" : test + ": ";
    return FoundError.at(
        lineIndex,
        "go test",
        report.group("file"),
        Integer.valueOf(report.group("line")),
        null,
        prefix + report.group("message"));
  }
}
