package dev.slipway.compiler.domain;

/** {@code .slipway.yml} files an attacker would push. */
public final class HostileFiles {

  /** Uses of the anchored command: about 10 GB of commands once expanded, in a 750 kB file. */
  public static final int BOMB_ALIASES = 50_000;

  /** The line of the anchored 200 kB command in {@link #scalarAliasBomb()}. */
  public static final int BOMB_ANCHOR_LINE = 5;

  private HostileFiles() {}

  /**
   * One 200 kB command used {@link #BOMB_ALIASES} more times through YAML aliases. SnakeYAML limits
   * aliases of collections only; an alias of a scalar costs one line however large its text.
   */
  public static String scalarAliasBomb() {
    StringBuilder file =
        new StringBuilder("image: alpine:3.20\ntasks:\n  build:\n    cmds:\n")
            .append("      - &a \"echo ")
            .append("x".repeat(200_000))
            .append("\"\n");
    file.append("      - *a\n".repeat(BOMB_ALIASES));
    return file.toString();
  }
}
