package dev.slipway.ops.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and times as operators write and read them: {@code 500ms}, {@code 40s}, {@code 15m},
 * {@code 2h}, {@code 1d}.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a number with one of the units ms, s,
   *     m, h, d
   */
  public static Duration parse(String text) {
    Matcher matcher = SHORT.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (e.g. 500ms, 30s, 15m, 2h, 1d)");
    }
    long amount = Long.parseLong(matcher.group(1));
    switch (matcher.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  /**
   * A point in time: an ISO-8601 instant ({@code 2026-12-01T02:30:00Z}), or a duration meaning that
   * long before {@code now} ({@code 15m}).
   *
   * @throws IllegalArgumentException when it is neither
   */
  public static Instant parseTime(String text, Instant now) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException notAnInstant) {
      try {
        return now.minus(parse(text));
      } catch (IllegalArgumentException notADuration) {
        throw new IllegalArgumentException(
            "not a time: '"
                + text
                + "' (an instant like 2026-12-01T02:30:00Z, or how long ago like 15m)");
      }
    }
  }

  /**
   * {@code +0.250 s}, {@code 12 s}, {@code 40 min}, {@code 3 h 5 min}: as precise as a reader
   * needs.
   */
  public static String words(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 60_000) {
      return millis < 10_000 ? String.format("%.3f s", millis / 1000.0) : millis / 1000 + " s";
    }
    long minutes = duration.toMinutes();
    if (minutes < 120) {
      return minutes + " min";
    }
    return minutes / 60 + " h " + minutes % 60 + " min";
  }
}
