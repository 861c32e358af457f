package dev.slipway.runner.errors;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pytest's short summary ({@code FAILED path::test - message}), with the line taken from the
 * failure's location line ({@code path:line: ExceptionType}) printed above it for the same file.
 */
final class PytestMatcher extends ScopedLineMatcher<Map<String, Deque<Integer>>> {

  private static final Pattern SUMMARY =
      Pattern.compile("^(?:FAILED|ERROR) (?<file>[^:\\s]+)::(?<test>\\S+?)(?: - (?<message>.*))?$");
  private static final Pattern LOCATION =
      Pattern.compile("^(?<file>[^:\\s]+\\.py):(?<line>\\d+): \\w+$");

  PytestMatcher() {
    super(LOCATION, SUMMARY);
  }

  /** No location read yet; the lines read so far add theirs, by file, in order. */
  @Override
  Map<String, Deque<Integer>> start() {
    return new HashMap<>();
  }

  @Override
  Map<String, Deque<Integer>> enter(Map<String, Deque<Integer>> locationsByFile, Matcher location) {
    locationsByFile
        .computeIfAbsent(location.group("file"), file -> new ArrayDeque<>())
        .add(Integer.valueOf(location.group("line")));
    return locationsByFile;
  }

  @Override
  FoundError error(int lineIndex, Map<String, Deque<Integer>> locationsByFile, Matcher summary) {
    String file = summary.group("file");
    Deque<Integer> locations = locationsByFile.getOrDefault(file, new ArrayDeque<>());
    String message = summary.group("message");
    return FoundError.at(
        lineIndex,
        "pytest",
        file,
        locations.poll(),
        null,
        summary.group("test") + (message == null ? "" : ": " + message));
  }
}
