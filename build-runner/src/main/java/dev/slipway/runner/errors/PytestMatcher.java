package dev.slipway.runner.errors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pytest's short summary ({@code FAILED path::test - message}), with the line taken from the
 * failure's location line ({@code path:line: ExceptionType}) printed above it for the same file.
 */
final class PytestMatcher implements ErrorMatcher {

  private static final Pattern SUMMARY =
      Pattern.compile("^(?:FAILED|ERROR) (?<file>[^:\\s]+)::(?<test>\\S+?)(?: - (?<message>.*))?$");
  private static final Pattern LOCATION =
      Pattern.compile("^(?<file>[^:\\s]+\\.py):(?<line>\\d+): \\w+$");

  @Override
  public List<FoundError> find(List<String> lines) {
    Map<String, Deque<Integer>> locationsByFile = new HashMap<>();
    List<FoundError> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher location = LOCATION.matcher(lines.get(i));
      if (location.matches()) {
        locationsByFile
            .computeIfAbsent(location.group("file"), file -> new ArrayDeque<>())
            .add(Integer.valueOf(location.group("line")));
        continue;
      }
      Matcher summary = SUMMARY.matcher(lines.get(i));
      if (summary.matches()) {
        String file = summary.group("file");
        Deque<Integer> locations = locationsByFile.getOrDefault(file, new ArrayDeque<>());
        String message = summary.group("message");
        found.add(
            FoundError.at(
                i,
                "pytest",
                file,
                locations.poll(),
                null,
                summary.group("test") + (message == null ? "" : ": " + message)));
      }
    }
    return found;
  }
}
