package dev.slipway.runner.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maven Surefire's summary: after {@code [ERROR] Failures:} or {@code [ERROR] Errors:} each failed
 * test is one line {@code [ERROR] Class.method:line message}. The test class stands in for the
 * file, as Surefire names no source path.
 */
final class SurefireMatcher implements ErrorMatcher {

  private static final Pattern SECTION = Pattern.compile("^\\[ERROR\\] (Failures|Errors):\\s*$");
  private static final Pattern FAILED_TEST =
      Pattern.compile(
          "^\\[ERROR\\]\\s{2,}(?:Run \\d+: )?(?<class>[\\w.$]+)\\.(?<method>[\\w$\\[\\]]+)(?::(?<line>\\d+))?\\s+(?<message>.*)$");

  @Override
  public List<FoundError> find(List<String> lines) {
    List<FoundError> found = new ArrayList<>();
    boolean inSection = false;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (SECTION.matcher(text).matches()) {
        inSection = true;
        continue;
      }
      Matcher test = FAILED_TEST.matcher(text);
      if (inSection && test.matches()) {
        String line = test.group("line");
        found.add(
            FoundError.at(
                i,
                "surefire",
                test.group("class"),
                line == null ? null : Integer.valueOf(line),
                null,
                test.group("method") + ": " + test.group("message")));
      } else if (!text.startsWith("[ERROR]   ")) {
        inSection = false;
      }
    }
    return found;
  }
}
