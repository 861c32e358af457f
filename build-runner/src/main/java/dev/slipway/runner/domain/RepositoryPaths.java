package dev.slipway.runner.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A source repository's {@code owner/name} as an image repository path, one path component per
 * segment, so that two repositories never share the images of the other ({@code a-b/c} and {@code
 * a/b-c} stay apart). Names are lower-cased first, as GitHub's names are case-insensitive.
 *
 * <p>A segment of lowercase letters and digits joined by hyphens is used as it is. Any other
 * segment ({@code my.repo}, {@code my_repo}, {@code .github}) becomes its readable part, {@code _}
 * and the first 32 hex digits of its SHA-256: no plain segment holds {@code _}, so the two kinds
 * never meet, and two different escaped segments would need a SHA-256 collision in 128 bits to
 * meet.
 */
public final class RepositoryPaths {

  private static final Pattern PLAIN = Pattern.compile("[a-z0-9]+(?:-+[a-z0-9]+)*");

  private RepositoryPaths() {}

  public static String of(String repository) {
    return Arrays.stream(repository.toLowerCase(Locale.ROOT).split("/", -1))
        .map(RepositoryPaths::component)
        .collect(Collectors.joining("/"));
  }

  private static String component(String segment) {
    if (PLAIN.matcher(segment).matches()) {
      return segment;
    }
    String readable = segment.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return (readable.isEmpty() ? "x" : readable) + "_" + Sha256.hex(segment).substring(0, 32);
  }
}
