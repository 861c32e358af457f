package dev.slipway.runner.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link ScopedLineMatcher} whose scope is a text of the scope line: the file, test or section it
 * names, in the scope pattern's group {@code group}.
 */
abstract class NamedScopeMatcher extends ScopedLineMatcher<String> {

  private final String group;

  NamedScopeMatcher(Pattern scope, String group, Pattern report) {
    super(scope, report);
    this.group = group;
  }

  @Override
  final String enter(String current, Matcher scope) {
    return scope.group(group);
  }
}
