package dev.slipway.runner.git;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * The clone step, run by the runner itself (JGit, in process) before the task's container starts,
 * so task images need no git and the clone's credentials never reach the task. Only the commit is
 * fetched ({@code --depth 1}); a server that refuses fetching by sha is asked for every branch,
 * pull request and tag instead. In process, the step costs tens of milliseconds where a git process
 * per step cost hundreds on a small machine.
 */
public final class GitCheckout {

  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");
  private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");

  /** The repository could not be checked out at the commit. */
  public static final class CheckoutFailedException extends Exception {
    private final boolean commitMissing;

    public CheckoutFailedException(String message) {
      this(message, false);
    }

    CheckoutFailedException(String message, boolean commitMissing) {
      super(message);
      this.commitMissing = commitMissing;
    }

    /**
     * The repository answered but no longer has the commit (e.g. its tag was deleted and nothing
     * else holds it).
     */
    public boolean commitMissing() {
      return commitMissing;
    }
  }

  /**
   * Whether {@code sha} is a commit id (hex), so it cannot be read as an option or a ref
   * expression.
   */
  public static boolean isCommit(String sha) {
    return sha != null && COMMIT.matcher(sha).matches();
  }

  /**
   * Fetches {@code sha} from {@code cloneUrl} into {@code workspace} (which must not exist yet) and
   * checks it out.
   */
  public void checkout(
      String cloneUrl, String sha, Path workspace, Duration timeout, Consumer<String> log)
      throws CheckoutFailedException {
    if (!isCommit(sha)) {
      throw new CheckoutFailedException("not a commit sha: " + sha);
    }
    int timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    try (Git git = Git.init().setDirectory(workspace.toFile()).call()) {
      if (!FULL_COMMIT.matcher(sha).matches()
          || !fetchedAlone(git, cloneUrl, sha, timeoutSeconds)) {
        log.accept("fetching every branch, pull request and tag of " + cloneUrl);
        fetch(
            git,
            cloneUrl,
            timeoutSeconds,
            0,
            new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
            new RefSpec("+refs/pull/*:refs/remotes/origin/pull/*"),
            new RefSpec("+refs/tags/*:refs/tags/*"));
      }
      ObjectId commit = resolve(git, sha);
      if (commit == null) {
        throw new CheckoutFailedException("commit " + sha + " is not in " + cloneUrl, true);
      }
      git.checkout().setName(commit.name()).call();
      log.accept("checked out " + commit.name());
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw new CheckoutFailedException(firstLine(e));
    }
  }

  /**
   * The commit, or null when the fetched repository does not have it (a full sha names a missing
   * object then).
   */
  private static ObjectId resolve(Git git, String sha) throws IOException {
    try {
      return git.getRepository().resolve(sha + "^{commit}");
    } catch (MissingObjectException e) {
      return null;
    }
  }

  private static boolean fetchedAlone(Git git, String cloneUrl, String sha, int timeoutSeconds) {
    try {
      fetch(git, cloneUrl, timeoutSeconds, 1, new RefSpec(sha.toLowerCase(Locale.ROOT)));
      return true;
    } catch (GitAPIException | RuntimeException refused) {
      return false;
    }
  }

  private static void fetch(
      Git git, String cloneUrl, int timeoutSeconds, int depth, RefSpec... refSpecs)
      throws GitAPIException {
    FetchCommand fetch =
        git.fetch()
            .setRemote(cloneUrl)
            .setRefSpecs(refSpecs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setTimeout(timeoutSeconds);
    if (depth > 0) {
      fetch.setDepth(depth);
    }
    fetch.call();
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return "git: " + message.split("\n", 2)[0];
  }
}
