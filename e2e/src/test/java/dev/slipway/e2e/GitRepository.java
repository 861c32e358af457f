package dev.slipway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bare git repository on disk, at {@code <root>/<owner>/<repo>.git}, that the task-compiler and
 * the runner's clone step reach through a {@code file://} URL template, with a working copy to
 * commit to.
 */
final class GitRepository {

  private final Path bare;
  private final Path work;

  private GitRepository(Path bare, Path work) {
    this.bare = bare;
    this.work = work;
  }

  static GitRepository create(Path root, String fullName) {
    Path bare = root.resolve(fullName + ".git");
    Path work = root.resolve("work").resolve(fullName);
    try {
      Files.createDirectories(bare);
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    git(bare, "init", "--bare", "--initial-branch=main", ".");
    git(work, "init", "--initial-branch=main", ".");
    git(work, "remote", "add", "origin", bare.toUri().toString());
    return new GitRepository(bare, work);
  }

  /** The URL template that resolves every {@code owner/repo} below {@code root}. */
  static String urlTemplate(Path root) {
    String base = root.toUri().toString();
    return (base.endsWith("/") ? base : base + "/") + "{owner}/{repo}.git";
  }

  /**
   * Commits {@code files} on {@code branch}, pushes, and returns the new commit's sha. A file that
   * starts with {@code #!} is committed executable, as a script is.
   */
  String commit(String branch, Map<String, String> files, String message) {
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = work.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
        if (file.getValue().startsWith("#!")) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    git(work, "checkout", "-B", branch);
    git(work, "add", "-A");
    git(
        work,
        "-c",
        "user.name=Slipway E2E",
        "-c",
        "user.email=e2e@slipway.invalid",
        "commit",
        "-q",
        "-m",
        message);
    git(work, "push", "-q", "-f", "origin", branch);
    return git(work, "rev-parse", "HEAD").trim();
  }

  /** Tags the last commit and pushes the tag, as publishing a GitHub release does. */
  void tag(String tag) {
    git(work, "tag", "-f", tag);
    git(work, "push", "-q", "-f", "origin", "refs/tags/" + tag);
  }

  /** Removes a file from the next commit. */
  void remove(String path) {
    git(work, "rm", "-q", "--ignore-unmatch", path);
  }

  private static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    return Command.run(command, Duration.ofSeconds(60));
  }
}
