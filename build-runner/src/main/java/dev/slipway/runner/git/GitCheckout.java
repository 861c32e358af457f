package dev.slipway.runner.git;

import dev.slipway.platform.organisations.CredentialsFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The clone step, run by the runner itself (JGit, in process) before the task's container starts,
 * so task images need no git and the clone's credentials never reach the task. Only the commit is
 * fetched ({@code --depth 1}); a server that refuses fetching by sha is asked for every branch,
 * pull request and tag instead. In process, the step costs tens of milliseconds where a git process
 * per step cost hundreds on a small machine.
 *
 * <p>A private repository is read with its owner's token from the {@link CredentialsFolder} (left
 * there by the status-reporter), as HTTP Basic {@code x-access-token:<token>} and only when the
 * server asks: never in the URL, so never in a log line, an error or the run's page. Without a
 * token the fetch is anonymous.
 */
public final class GitCheckout {

  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");
  private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
  private static final String TOKEN_USER = "x-access-token";

  private final Optional<CredentialsFolder> credentials;

  /** Fetches anonymously: public repositories only. */
  public GitCheckout() {
    this(Optional.empty());
  }

  public GitCheckout(Optional<CredentialsFolder> credentials) {
    this.credentials = credentials;
  }

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
   * Fetches {@code sha} of {@code repository} ({@code owner/repo}) from {@code cloneUrl} into
   * {@code workspace} (which must not exist yet) and checks it out.
   */
  public void checkout(
      String repository,
      String cloneUrl,
      String sha,
      Path workspace,
      Duration timeout,
      Consumer<String> log)
      throws CheckoutFailedException {
    if (!isCommit(sha)) {
      throw new CheckoutFailedException("not a commit sha: " + sha);
    }
    int timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    Optional<CredentialsProvider> login = login(repository);
    try (Git git = Git.init().setDirectory(workspace.toFile()).call()) {
      if (!FULL_COMMIT.matcher(sha).matches()
          || !fetchedAlone(git, cloneUrl, login, sha, timeoutSeconds)) {
        log.accept("fetching every branch, pull request and tag of " + cloneUrl);
        fetch(
            git,
            cloneUrl,
            login,
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

  /** The owner's token as git's login, when the reporter left one. */
  private Optional<CredentialsProvider> login(String repository) {
    String owner = repository.substring(0, Math.max(0, repository.indexOf('/')));
    return credentials
        .flatMap(folder -> folder.token(owner))
        .map(token -> new UsernamePasswordCredentialsProvider(TOKEN_USER, token));
  }

  private static boolean fetchedAlone(
      Git git,
      String cloneUrl,
      Optional<CredentialsProvider> login,
      String sha,
      int timeoutSeconds) {
    try {
      fetch(git, cloneUrl, login, timeoutSeconds, 1, new RefSpec(sha.toLowerCase(Locale.ROOT)));
      return true;
    } catch (GitAPIException | RuntimeException refused) {
      return false;
    }
  }

  private static void fetch(
      Git git,
      String cloneUrl,
      Optional<CredentialsProvider> login,
      int timeoutSeconds,
      int depth,
      RefSpec... refSpecs)
      throws GitAPIException {
    FetchCommand fetch =
        git.fetch()
            .setRemote(cloneUrl)
            .setRefSpecs(refSpecs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setTimeout(timeoutSeconds);
    login.ifPresent(fetch::setCredentialsProvider);
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
