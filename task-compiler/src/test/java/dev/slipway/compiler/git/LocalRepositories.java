package dev.slipway.compiler.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Bare git repositories on the local disk, standing in for GitHub: {@code
 * file://<root>/{owner}/{repo}.git}.
 */
public final class LocalRepositories {

  private final Path root;

  public LocalRepositories(Path root) {
    this.root = root;
  }

  public String urlTemplate() {
    return "file://" + root.toAbsolutePath() + "/{owner}/{repo}.git";
  }

  /**
   * Commits exactly {@code files} (path → content) on {@code main} of {@code repository}, creating
   * the repository if needed.
   *
   * @return the new commit's sha
   */
  public String commit(String repository, Map<String, String> files) throws IOException {
    Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
    files.forEach((path, content) -> bytes.put(path, content.getBytes(StandardCharsets.UTF_8)));
    return commitBytes(repository, bytes);
  }

  /** Like {@link #commit}, with each file's exact bytes. */
  public String commitBytes(String repository, Map<String, byte[]> files) throws IOException {
    Path bare = root.resolve(repository + ".git");
    if (!Files.isDirectory(bare)) {
      Files.createDirectories(bare);
      git(bare, "init", "--bare", "--quiet", "--initial-branch=main");
    }
    Path work = Files.createTempDirectory(root, "work");
    try {
      git(root, "clone", "--quiet", bare.toString(), work.toString());
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path path = work.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.write(path, file.getValue());
      }
      git(work, "add", "--all");
      git(
          work,
          "-c",
          "user.name=Slipway Test",
          "-c",
          "user.email=test@slipway.dev",
          "commit",
          "--quiet",
          "--allow-empty",
          "-m",
          "test commit");
      git(work, "push", "--quiet", "origin", "HEAD:refs/heads/main");
      return git(work, "rev-parse", "HEAD").strip();
    } finally {
      delete(work);
    }
  }

  /** Tags {@code sha}; an annotated tag is a tag object that points at the commit. */
  public void tag(String repository, String tag, String sha, boolean annotated) throws IOException {
    Path bare = root.resolve(repository + ".git");
    List<String> arguments =
        new ArrayList<>(
            List.of("-c", "user.name=Slipway Test", "-c", "user.email=test@slipway.dev", "tag"));
    if (annotated) {
      arguments.addAll(List.of("-a", "-m", "release " + tag));
    }
    arguments.addAll(List.of(tag, sha));
    git(bare, arguments.toArray(String[]::new));
  }

  private static String git(Path directory, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return output;
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
