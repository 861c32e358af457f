package dev.slipway.ops.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Release numbers as people write them: {@code v4} or {@code 4}. */
public final class ReleaseNumbers {

  private static final Pattern NUMBER = Pattern.compile("[vV]?([1-9][0-9]{0,8})");

  private ReleaseNumbers() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a release number, e.g. a tag
   */
  public static int parse(String text) {
    Matcher matcher = NUMBER.matcher(text == null ? "" : text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "not a release number: '"
              + text
              + "' (write v4 or 4; `release list owner/repo` shows the numbers)");
    }
    return Integer.parseInt(matcher.group(1));
  }

  public static String label(int number) {
    return "v" + number;
  }
}
