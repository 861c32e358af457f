package dev.slipway.runner.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A matcher for tools that print one error per line. The pattern's named groups {@code file},
 * {@code line}, {@code column} and {@code message} become the error's fields; absent groups stay
 * null.
 */
final class RegexLineMatcher implements ErrorMatcher {

  private final String tool;
  private final Pattern pattern;

  RegexLineMatcher(String tool, String regex) {
    this.tool = tool;
    this.pattern = Pattern.compile(regex);
  }

  @Override
  public List<FoundError> find(List<String> lines) {
    List<FoundError> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher matcher = pattern.matcher(lines.get(i));
      if (matcher.matches()) {
        found.add(
            FoundError.at(
                i,
                tool,
                group(matcher, "file"),
                number(matcher, "line"),
                number(matcher, "column"),
                matcher.group("message")));
      }
    }
    return found;
  }

  static String group(Matcher matcher, String name) {
    return matcher.pattern().pattern().contains("?<" + name + ">") ? matcher.group(name) : null;
  }

  static Integer number(Matcher matcher, String name) {
    String value = group(matcher, name);
    return value == null ? null : Integer.valueOf(value);
  }
}
