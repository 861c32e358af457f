package dev.slipway.runner.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maven Surefire's summary: after {@code [ERROR] Failures:} or {@code [ERROR] Errors:} each failed
 * test is one line {@code [ERROR] Class.method:line message}. The test class stands in for the
 * file, as Surefire names no source path.
 */
final class SurefireMatcher extends NamedScopeMatcher {

  private static final Pattern SECTION =
      Pattern.compile("^\\[ERROR\\] (?<section>Failures|Errors):\\s*$");
  private static final Pattern FAILED_TEST =
      Pattern.compile(
          "^\\[ERROR\\]\\s{2,}(?:Run \\d+: )?(?<class>[\\w.$]+)\\.(?<method>[\\w$\\[\\]]+)(?::(?<line>\\d+))?\\s+(?<message>.*)$");

  SurefireMatcher() {
    super(SECTION, "section", FAILED_TEST);
  }

  /** A test line counts only inside the summary's {@code Failures} or {@code Errors} section. */
  @Override
  FoundError error(int lineIndex, String section, Matcher test) {
    if (section == null) {
      return null;
    }
    String line = test.group("line");
    return FoundError.at(
        lineIndex,
        "surefire",
        test.group("class"),
        line == null ? null : Integer.valueOf(line),
        null,
        test.group("method") + ": " + test.group("message"));
  }

  /** The section goes on over its indented lines only. */
  @Override
  String pass(String section, String line) {
    return line.startsWith("[ERROR]   ") ? section : null;
  }
}
