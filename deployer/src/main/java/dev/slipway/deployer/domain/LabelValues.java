package dev.slipway.deployer.domain;

import java.util.regex.Pattern;

/**
 * Makes any text a valid Kubernetes label value: at most 63 of [A-Za-z0-9-_.], alphanumeric at both
 * ends.
 */
public final class LabelValues {

  private static final int MAX_LENGTH = 63;
  private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern EDGES = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");

  private LabelValues() {}

  /** {@code org/repo} becomes {@code org.repo}; anything else not allowed becomes {@code -}. */
  public static String sanitize(String text) {
    String allowed = NOT_ALLOWED.matcher(text.replace('/', '.')).replaceAll("-");
    String trimmed = EDGES.matcher(allowed).replaceAll("");
    if (trimmed.length() > MAX_LENGTH) {
      trimmed = EDGES.matcher(trimmed.substring(0, MAX_LENGTH)).replaceAll("");
    }
    return trimmed;
  }
}
