package dev.slipway.runner.errors;

import dev.slipway.events.NormalizedError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a task's output (and the JUnit XML reports its workspace held) into errors of the shape
 * {@code {tool, file, line, column, message}}, in the order they were printed, log errors first.
 * The generic {@code error:} matcher is a fallback used only when no tool's matcher found anything,
 * so a javac error is not reported twice.
 */
public final class ErrorNormalizer {

  /** A failed build can print thousands of errors; the event carries the first ones. */
  public static final int MAX_ERRORS = 20;

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

  private static final List<ErrorMatcher> TOOL_MATCHERS =
      List.of(
          new RegexLineMatcher(
              "javac",
              "^\\[ERROR\\] (?:COMPILATION ERROR : )?(?<file>\\S+\\.java):\\[(?<line>\\d+),(?<column>\\d+)\\] (?<message>.+)$"),
          new RegexLineMatcher(
              "javac", "^(?<file>\\S+\\.java):(?<line>\\d+): error: (?<message>.+)$"),
          new SurefireMatcher(),
          new RegexLineMatcher(
              "go", "^(?<file>[\\w./-]+\\.go):(?<line>\\d+):(?<column>\\d+): (?<message>.+)$"),
          new GoTestMatcher(),
          new PythonTracebackMatcher(),
          new PytestMatcher(),
          new RegexLineMatcher(
              "tsc",
              "^(?<file>\\S+\\.tsx?)\\((?<line>\\d+),(?<column>\\d+)\\): error (?<message>TS\\d+: .+)$"),
          new RegexLineMatcher(
              "tsc",
              "^(?<file>\\S+\\.tsx?):(?<line>\\d+):(?<column>\\d+) - error (?<message>TS\\d+: .+)$"),
          new EslintMatcher(),
          new RegexLineMatcher(
              "gcc",
              "^(?<file>\\S+\\.(?:c|cc|cpp|cxx|c\\+\\+|h|hh|hpp|m|mm)):(?<line>\\d+):(?<column>\\d+): (?:fatal )?error: (?<message>.+)$"));

  private static final ErrorMatcher GENERIC =
      new RegexLineMatcher("generic", "^(?:.*?\\b)?(?i:error):\\s+(?<message>\\S.*)$");

  private final JunitXmlReader junit = new JunitXmlReader();

  public List<NormalizedError> normalize(String log, List<String> junitXmlReports) {
    List<String> lines = ANSI.matcher(log).replaceAll("").lines().toList();
    List<FoundError> found = new ArrayList<>();
    for (ErrorMatcher matcher : TOOL_MATCHERS) {
      found.addAll(matcher.find(lines));
    }
    List<NormalizedError> fromReports = new ArrayList<>();
    junitXmlReports.forEach(report -> fromReports.addAll(junit.read(report)));
    if (found.isEmpty() && fromReports.isEmpty()) {
      found.addAll(GENERIC.find(lines));
    }
    found.sort(Comparator.comparingInt(FoundError::lineIndex));
    Set<NormalizedError> errors = new LinkedHashSet<>();
    found.forEach(error -> errors.add(error.error()));
    errors.addAll(fromReports);
    return errors.stream().limit(MAX_ERRORS).toList();
  }
}
