package dev.slipway.reporter.commands;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command a pull request's comment gives: its first line that starts with {@code /<word>}.
 * Ordinary text gives none, and so does a comment Slipway wrote itself (it carries {@link
 * #SLIPWAY_MARK}), so Slipway never answers its own replies.
 *
 * @param kind what the comment asks
 * @param word the command as written, without the slash ({@code retest}, {@code foo})
 * @param task the task named by {@code /retest <task>}, null otherwise
 */
public record CommentCommand(Kind kind, String word, String task) {

  /** Hidden in every comment Slipway writes; a comment carrying it is never read as a command. */
  public static final String SLIPWAY_MARK = "<!-- slipway -->";

  private static final Pattern COMMAND = Pattern.compile("^/([A-Za-z][\\w-]*)(?:\\s+(\\S+).*)?$");

  /** The commands Slipway takes, and every other {@code /word}. */
  public enum Kind {
    OK_TO_TEST("ok-to-test"),
    RETEST("retest"),
    CANCEL("cancel"),
    UNKNOWN(null);

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    static Kind of(String word) {
      for (Kind kind : values()) {
        if (word.equals(kind.word)) {
          return kind;
        }
      }
      return UNKNOWN;
    }
  }

  /** The command in a comment's body, if any. */
  public static Optional<CommentCommand> in(String body) {
    if (body == null || body.contains(SLIPWAY_MARK)) {
      return Optional.empty();
    }
    for (String line : body.split("\\R")) {
      Matcher command = COMMAND.matcher(line.strip());
      if (command.matches()) {
        String word = command.group(1).toLowerCase(Locale.ROOT);
        Kind kind = Kind.of(word);
        String task = kind == Kind.RETEST ? command.group(2) : null;
        return Optional.of(new CommentCommand(kind, word, task));
      }
    }
    return Optional.empty();
  }
}
