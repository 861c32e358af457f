package dev.slipway.runner.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The clone step, run with the host's git before the task's container starts, so task images need
 * no git and the clone's credentials never reach the task.
 */
public final class GitCheckout {

  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");

  /** The repository could not be checked out at the commit. */
  public static final class CheckoutFailedException extends Exception {
    public CheckoutFailedException(String message) {
      super(message);
    }
  }

  /** Whether {@code sha} is a commit id (hex), so it cannot be read as an option or a ref expression. */
  public static boolean isCommit(String sha) {
    return sha != null && COMMIT.matcher(sha).matches();
  }

  /** Clones {@code cloneUrl} into {@code workspace} (which must not exist yet) and checks out {@code sha}. */
  public void checkout(String cloneUrl, String sha, Path workspace, Duration timeout, Consumer<String> log)
      throws CheckoutFailedException, InterruptedException {
    if (!isCommit(sha)) {
      throw new CheckoutFailedException("not a commit sha: " + sha);
    }
    git(List.of("clone", "--quiet", "--no-checkout", "--", cloneUrl, workspace.toString()), null, timeout, log);
    git(List.of("checkout", "--quiet", "--detach", sha, "--"), workspace, timeout, log);
  }

  private static void git(List<String> arguments, Path directory, Duration timeout, Consumer<String> log)
      throws CheckoutFailedException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    if (directory != null) {
      command.add("-C");
      command.add(directory.toString());
    }
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CheckoutFailedException("cannot run git (is it installed?): " + e.getMessage());
    }
    Thread reader =
        new Thread(
            () -> {
              try {
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().forEach(log);
              } catch (IOException e) {
                log.accept("(git output unreadable: " + e.getMessage() + ")");
              }
            },
            "git-output");
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new CheckoutFailedException("git " + arguments.get(0) + " did not finish within " + timeout);
    }
    reader.join(5000);
    if (process.exitValue() != 0) {
      throw new CheckoutFailedException("git " + arguments.get(0) + " failed with exit code " + process.exitValue());
    }
  }
}
