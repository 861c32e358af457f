package dev.slipway.runner.podman;

import dev.slipway.testsupport.TaskPlans;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A git repository on disk with one commit, for the clone step to check out. */
public final class TestRepository {

  private final Path folder;
  private final String sha;

  private TestRepository(Path folder, String sha) {
    this.folder = folder;
    this.sha = sha;
  }

  public static TestRepository create(String fileName, String content)
      throws IOException, InterruptedException {
    return create(Map.of(fileName, content));
  }

  /** A repository with these files (path relative to its root → content) in its one commit. */
  public static TestRepository create(Map<String, String> files)
      throws IOException, InterruptedException {
    Path folder = Files.createTempDirectory("slipway-repo");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = folder.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    git(folder, "init", "--quiet");
    git(folder, "add", ".");
    git(
        folder,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "commit",
        "--quiet",
        "-m",
        "first");
    return new TestRepository(folder, git(folder, "rev-parse", "HEAD").strip());
  }

  /**
   * The files of a tiny released application: a page and a Dockerfile on the test registry's
   * busybox that serves it with busybox httpd, with {@code extraInstruction} after the {@code COPY}
   * (line 3).
   */
  public static Map<String, String> application(String extraInstruction) {
    return Map.of(
        "www/index.html",
        "<h1>shop</h1>\n",
        "Dockerfile",
        "FROM "
            + LocalRegistry.busybox()
            + "\nCOPY www /www\n"
            + extraInstruction
            + "\nCMD [\"httpd\",\"-f\",\"-p\",\"8080\",\"-h\",\"/www\"]\n");
  }

  /**
   * Serves this repository as {@code repository} ({@code owner/repo}) of a {@link
   * dev.slipway.testsupport.git.FakeGitServer} over {@code root}: a bare copy at {@code
   * <root>/<owner>/<repo>.git}.
   */
  public void serveAs(Path root, String repository) throws IOException, InterruptedException {
    Path bare = root.resolve(repository + ".git");
    Files.createDirectories(bare.getParent());
    git(folder, "clone", "--quiet", "--bare", folder.toString(), bare.toString());
  }

  public String cloneUrl() {
    return folder.toUri().toString();
  }

  public String sha() {
    return sha;
  }

  /**
   * A pull request's task, with a fresh run id and an image of its own (a fresh content hash), that
   * checks out this repository's commit on the test registry's busybox.
   */
  public TaskPlans task() {
    return TaskPlans.taskPlanned()
        .runId("run-" + UUID.randomUUID())
        .contentHash("image-" + UUID.randomUUID())
        .sha(sha)
        .pullRequestNumber(1)
        .cloneUrl(cloneUrl())
        .baseImage(LocalRegistry.busybox());
  }

  /** The task of a pull request from a fork, {@code fork/shop}: code the runner trusts least. */
  public TaskPlans forkTask() {
    return task().repository("fork/shop").fork();
  }

  private static String git(Path folder, String... arguments)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(concat(List.of("git", "-C", folder.toString()), arguments))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("git " + arguments[0] + " failed: " + output);
    }
    return output;
  }

  private static List<String> concat(List<String> head, String... tail) {
    return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
  }
}
