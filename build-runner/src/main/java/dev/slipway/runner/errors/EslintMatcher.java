package dev.slipway.runner.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ESLint's default "stylish" output: a file path on its own line, then one indented {@code
 * line:column error message rule} line per problem. Warnings are not errors.
 */
final class EslintMatcher implements ErrorMatcher {

  private static final Pattern FILE =
      Pattern.compile("^(?<file>\\S+\\.(?:[cm]?jsx?|tsx?|vue|svelte))\\s*$");
  private static final Pattern PROBLEM =
      Pattern.compile(
          "^\\s+(?<line>\\d+):(?<column>\\d+)\\s+error\\s+(?<message>.+?)(?:\\s{2,}(?<rule>[\\w@/-]+))?\\s*$");

  @Override
  public List<FoundError> find(List<String> lines) {
    List<FoundError> found = new ArrayList<>();
    String file = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher fileLine = FILE.matcher(lines.get(i));
      if (fileLine.matches()) {
        file = fileLine.group("file");
        continue;
      }
      Matcher problem = PROBLEM.matcher(lines.get(i));
      if (file != null && problem.matches()) {
        String rule = problem.group("rule");
        found.add(
            FoundError.at(
                i,
                "eslint",
                file,
                Integer.valueOf(problem.group("line")),
                Integer.valueOf(problem.group("column")),
                problem.group("message") + (rule == null ? "" : " (" + rule + ")")));
      } else if (lines.get(i).isBlank()) {
        file = null;
      }
    }
    return found;
  }
}
