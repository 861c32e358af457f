package dev.slipway.runner.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python traceback: the innermost {@code File "...", line N} names where it failed and the first
 * unindented line after it is the exception.
 */
final class PythonTracebackMatcher implements ErrorMatcher {

  private static final String START = "Traceback (most recent call last):";
  private static final Pattern FRAME =
      Pattern.compile("^\\s+File \"(?<file>[^\"]+)\", line (?<line>\\d+).*$");

  @Override
  public List<FoundError> find(List<String> lines) {
    List<FoundError> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals(START)) {
        continue;
      }
      String file = null;
      Integer line = null;
      int j = i + 1;
      for (; j < lines.size() && (lines.get(j).startsWith(" ") || lines.get(j).isEmpty()); j++) {
        Matcher frame = FRAME.matcher(lines.get(j));
        if (frame.matches()) {
          file = frame.group("file");
          line = Integer.valueOf(frame.group("line"));
        }
      }
      if (j < lines.size()) {
        found.add(FoundError.at(j, "python", file, line, null, lines.get(j)));
      }
      i = j;
    }
    return found;
  }
}
