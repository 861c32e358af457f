package dev.slipway.runner.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A matcher for tools that name something on a line of its own (a test, a file, a section) and
 * report errors on the lines after it, which need what it named.
 *
 * @param <S> what the lines read so far named
 */
abstract class ScopedLineMatcher<S> implements ErrorMatcher {

  private final Pattern scope;
  private final Pattern report;

  /**
   * @param scope a line that names what the reports after it are about
   * @param report a line that may report an error
   */
  ScopedLineMatcher(Pattern scope, Pattern report) {
    this.scope = scope;
    this.report = report;
  }

  @Override
  public final List<FoundError> find(List<String> lines) {
    List<FoundError> found = new ArrayList<>();
    S current = start();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher named = scope.matcher(line);
      if (named.matches()) {
        current = enter(current, named);
        continue;
      }
      Matcher reported = report.matcher(line);
      FoundError error = reported.matches() ? error(i, current, reported) : null;
      if (error != null) {
        found.add(error);
      } else {
        current = pass(current, line);
      }
    }
    return found;
  }

  /** What is named before the first line: nothing, unless a matcher says otherwise. */
  S start() {
    return null;
  }

  /** What is named after a line that matched the scope pattern. */
  abstract S enter(S current, Matcher scope);

  /**
   * The error of a line that matched the report pattern, found at {@code lineIndex} under {@code
   * current}; null when it is none there.
   */
  abstract FoundError error(int lineIndex, S current, Matcher report);

  /** What is named after a line that reported no error: by default what was named before it. */
  S pass(S current, String line) {
    return current;
  }
}
