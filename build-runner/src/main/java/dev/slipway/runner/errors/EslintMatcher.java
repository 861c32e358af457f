package dev.slipway.runner.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ESLint's default "stylish" output: a file path on its own line, then one indented {@code
 * line:column error message rule} line per problem. Warnings are not errors.
 */
final class EslintMatcher extends NamedScopeMatcher {

  private static final Pattern FILE =
      Pattern.compile("^(?<file>\\S+\\.(?:[cm]?jsx?|tsx?|vue|svelte))\\s*$");
  private static final Pattern PROBLEM =
      Pattern.compile(
          "^\\s+(?<line>\\d+):(?<column>\\d+)\\s+error\\s+(?<message>.+?)(?:\\s{2,}(?<rule>[\\w@/-]+))?\\s*$");

  EslintMatcher() {
    super(FILE, "file", PROBLEM);
  }

  /** A problem line outside a file's block is none of ESLint's. */
  @Override
  FoundError error(int lineIndex, String file, Matcher problem) {
    if (file == null) {
      return null;
    }
    String rule = problem.group("rule");
    return FoundError.at(
        lineIndex,
        "eslint",
        file,
        Integer.valueOf(problem.group("line")),
        Integer.valueOf(problem.group("column")),
        problem.group("message") + (rule == null ? "" : " (" + rule + ")"));
  }

  /** A blank line ends a file's block. */
  @Override
  String pass(String file, String line) {
    return line.isBlank() ? null : file;
  }
}
