package dev.slipway.compiler.domain;

/** Makes text into shell data that no shell reads as code. */
public final class Shell {

  private Shell() {}

  /**
   * {@code text} as one single-quoted POSIX shell word. Inside single quotes nothing is special, so
   * only the quote itself needs care: it closes the quotes, adds an escaped quote, and reopens
   * them.
   */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
