package dev.slipway.compiler.domain;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean": the closest known word to a misspelt one, if it is close enough to be a typo. */
final class Suggestions {

  private Suggestions() {}

  /**
   * " (did you mean `cmds`?); known keys: cmds, env": the known word {@code word} is likely a typo
   * of, if there is one, then every known word.
   *
   * @param knownAs what the known words are, in the plural: "keys", "datacenters"
   */
  static String didYouMean(String word, Collection<String> known, String knownAs) {
    return closest(word, known).map(closest -> " (did you mean `" + closest + "`?)").orElse("")
        + "; known "
        + knownAs
        + ": "
        + String.join(", ", known);
  }

  static Optional<String> closest(String word, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(word.toLowerCase(), candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // A third of the word may be wrong: "tiemout" and "cmd" are typos, "colour" for "cmds" is not.
    int allowed = Math.max(1, Math.max(word.length(), 3) / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance, with a swap of two neighbouring letters counting as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] =
            Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + substitution);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
