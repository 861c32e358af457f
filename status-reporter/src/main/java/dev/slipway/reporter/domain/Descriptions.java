package dev.slipway.reporter.domain;

import java.time.Duration;

/** Texts of status descriptions. */
public final class Descriptions {

  /** GitHub rejects (422) or truncates descriptions longer than this. */
  public static final int MAX_LENGTH = 140;

  private static final String ELLIPSIS = "…";

  private Descriptions() {}

  /**
   * {@code text} on one line, cut to {@link #MAX_LENGTH} characters at the last word boundary that
   * fits, with an ellipsis; a single word longer than the limit is cut inside the word.
   */
  public static String fit(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    if (oneLine.codePointCount(0, oneLine.length()) <= MAX_LENGTH) {
      return oneLine;
    }
    int room = oneLine.offsetByCodePoints(0, MAX_LENGTH - ELLIPSIS.length());
    int wordEnd = oneLine.lastIndexOf(' ', room);
    int cut = wordEnd > room / 2 ? wordEnd : room;
    return stripTrailingPunctuation(oneLine.substring(0, cut)) + ELLIPSIS;
  }

  /**
   * A run's duration as people read it: {@code 850ms}, {@code 42s}, {@code 1m12s}, {@code 2h3m}.
   */
  public static String duration(Duration duration) {
    if (duration.isNegative()) {
      return "0s";
    }
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = duration.getSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    long minutes = seconds / 60;
    return minutes / 60 + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
  }

  private static String stripTrailingPunctuation(String text) {
    int end = text.length();
    while (end > 0 && " ,;:-".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    return text.substring(0, end);
  }
}
