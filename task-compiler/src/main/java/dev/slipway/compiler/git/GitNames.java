package dev.slipway.compiler.git;

import dev.slipway.compiler.domain.PipelineException;
import java.util.regex.Pattern;

/** Checks text from webhooks before it becomes a git argument, a URL or a directory name. */
public final class GitNames {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,99}");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final Pattern TAG_FORBIDDEN =
      Pattern.compile("[\\x00-\\x20\\x7f~^:?*\\[\\\\]|\\.\\.|@\\{|//");

  private GitNames() {}

  /** {@code owner/repo} as GitHub allows them; never {@code .} or {@code ..}. */
  static boolean isRepository(String repository) {
    if (repository == null) {
      return false;
    }
    String[] parts = repository.split("/", -1);
    return parts.length == 2 && isName(parts[0]) && isName(parts[1]);
  }

  /** Refuses what is not {@code owner/repo}, as the user's error. */
  public static void requireRepository(String repository) throws PipelineException {
    if (!isRepository(repository)) {
      throw new PipelineException(
          "'" + repository + "' is not a repository name of the form owner/repo", null);
    }
  }

  /** Refuses what is not a commit sha, as the user's error. */
  public static void requireSha(String sha) throws PipelineException {
    if (!isSha(sha)) {
      throw new PipelineException("'" + sha + "' is not a commit sha", null);
    }
  }

  private static boolean isName(String part) {
    return NAME.matcher(part).matches() && !part.equals(".") && !part.equals("..");
  }

  static boolean isSha(String sha) {
    return sha != null && SHA.matcher(sha).matches();
  }

  /**
   * A tag name as {@code git check-ref-format} accepts it, and never one that reads as an option.
   */
  static boolean isTag(String tag) {
    return tag != null
        && !tag.isEmpty()
        && tag.length() <= 255
        && !tag.startsWith("-")
        && !tag.startsWith(".")
        && !tag.startsWith("/")
        && !tag.endsWith("/")
        && !tag.endsWith(".")
        && !tag.endsWith(".lock")
        && !tag.contains("/.")
        && !tag.equals("@")
        && !TAG_FORBIDDEN.matcher(tag).find();
  }
}
