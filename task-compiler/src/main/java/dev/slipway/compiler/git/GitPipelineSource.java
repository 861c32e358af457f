package dev.slipway.compiler.git;

import dev.slipway.compiler.domain.PipelineException;
import dev.slipway.compiler.domain.PipelineSource;
import dev.slipway.compiler.domain.SourceUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads {@code .slipway.yml} with the git CLI. Each repository has a bare cache; a commit is
 * fetched alone ({@code --depth 1}) when the cache lacks it, and with every branch, pull request and
 * tag when the server refuses a fetch by sha. Only the file's blob is read, never a checkout.
 */
public final class GitPipelineSource implements PipelineSource {

  static final String FILE = ".slipway.yml";

  /** Larger files are refused unread; the parser's own limit (in characters) is lower still. */
  static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private final String urlTemplate;
  private final Path repositories;
  private final GitCommand git;
  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

  public GitPipelineSource(String urlTemplate, Path workDir, Duration timeout) {
    this.urlTemplate = urlTemplate;
    this.repositories = workDir.resolve("repositories");
    this.git = new GitCommand(workDir.resolve("tmp"), timeout);
  }

  @Override
  public String cloneUrl(String repository) {
    String[] parts = repository.split("/", 2);
    return urlTemplate.replace("{owner}", parts[0]).replace("{repo}", parts[1]);
  }

  @Override
  public Optional<String> read(String repository, String sha) throws PipelineException {
    requireRepository(repository);
    if (!GitNames.isSha(sha)) {
      throw new PipelineException("'" + sha + "' is not a commit sha", null);
    }
    synchronized (locks.computeIfAbsent(repository, key -> new Object())) {
      Path cache = cache(repository);
      if (!hasCommit(cache, sha)) {
        fetch(cache, repository, sha);
      }
      return readFile(cache, sha);
    }
  }

  @Override
  public String resolveTag(String repository, String tag) throws PipelineException {
    requireRepository(repository);
    if (!GitNames.isTag(tag)) {
      throw new PipelineException("'" + tag + "' is not a valid tag name", null);
    }
    String ref = "refs/tags/" + tag;
    String peeled = ref + "^{}";
    GitCommand.Result listed = git.run(null, "ls-remote", "--tags", cloneUrl(repository), ref, peeled);
    if (!listed.ok()) {
      throw new SourceUnavailableException("git ls-remote failed for " + repository + ": " + gitError(listed.stderr()));
    }
    String direct = null;
    for (String line : listed.out().split("\n")) {
      String[] columns = line.split("\t", 2);
      if (columns.length == 2 && GitNames.isSha(columns[0])) {
        if (columns[1].equals(peeled)) {
          // An annotated tag: the peeled line names the commit, the plain one the tag object.
          return columns[0];
        }
        if (columns[1].equals(ref)) {
          direct = columns[0];
        }
      }
    }
    if (direct == null) {
      throw new PipelineException("tag " + tag + " does not exist in " + repository, null);
    }
    return direct;
  }

  private void requireRepository(String repository) throws PipelineException {
    if (!GitNames.isRepository(repository)) {
      throw new PipelineException("'" + repository + "' is not a repository name of the form owner/repo", null);
    }
  }

  private Path cache(String repository) {
    Path cache = repositories.resolve(repository + ".git");
    if (!Files.isDirectory(cache.resolve("objects"))) {
      try {
        Files.createDirectories(cache);
      } catch (IOException e) {
        throw new SourceUnavailableException("cannot create the git cache of " + repository + ": " + e.getMessage(), e);
      }
      GitCommand.Result init = git.run(cache, "init", "--bare", "--quiet");
      if (!init.ok()) {
        throw new SourceUnavailableException("git init failed for " + repository + ": " + gitError(init.stderr()));
      }
    }
    return cache;
  }

  private boolean hasCommit(Path cache, String sha) {
    return git.run(cache, "cat-file", "-e", sha + "^{commit}").ok();
  }

  private void fetch(Path cache, String repository, String sha) throws PipelineException {
    String url = cloneUrl(repository);
    if (git.run(cache, "fetch", "--quiet", "--no-tags", "--depth", "1", url, sha).ok()) {
      return;
    }
    GitCommand.Result full =
        git.run(
            cache,
            "fetch",
            "--quiet",
            "--no-tags",
            url,
            "+refs/heads/*:refs/slipway/heads/*",
            "+refs/pull/*:refs/slipway/pull/*",
            "+refs/tags/*:refs/slipway/tags/*");
    if (!full.ok()) {
      throw new SourceUnavailableException("git fetch failed for " + repository + ": " + gitError(full.stderr()));
    }
    if (!hasCommit(cache, sha)) {
      throw new PipelineException("commit " + sha + " is not in " + repository, null);
    }
  }

  private Optional<String> readFile(Path cache, String sha) throws PipelineException {
    GitCommand.Result listed = git.run(cache, "ls-tree", "-l", sha, FILE);
    if (!listed.ok()) {
      throw new SourceUnavailableException("git ls-tree failed at " + sha + ": " + gitError(listed.stderr()));
    }
    String entry = listed.out().strip();
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    String[] columns = entry.split("\t", 2)[0].split(" +");
    if (columns.length != 4 || !columns[1].equals("blob") || !columns[0].startsWith("1006")) {
      throw new PipelineException(FILE + " must be a regular file, not a link or a directory", null);
    }
    long size = Long.parseLong(columns[3]);
    if (size > MAX_FILE_BYTES) {
      throw new PipelineException(FILE + " is " + size + " bytes; at most " + MAX_FILE_BYTES + " are read", null);
    }
    GitCommand.Result blob = git.run(cache, "cat-file", "blob", columns[2]);
    if (!blob.ok()) {
      throw new SourceUnavailableException("git cat-file failed at " + sha + ": " + gitError(blob.stderr()));
    }
    return Optional.of(utf8(blob.stdout()));
  }

  private static String utf8(byte[] bytes) throws PipelineException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buffer)
          .toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      for (int i = 0; i < buffer.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new PipelineException(FILE + " is not UTF-8 text", line);
    }
  }

  /** git's own diagnosis: its first {@code fatal:} or {@code error:} line, else its last line. */
  private static String gitError(String stderr) {
    String[] lines = stderr.strip().split("\n");
    for (String line : lines) {
      if (line.startsWith("fatal: ") || line.startsWith("error: ")) {
        return line;
      }
    }
    return lines[lines.length - 1];
  }
}
