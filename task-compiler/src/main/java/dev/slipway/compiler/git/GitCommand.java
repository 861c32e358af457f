package dev.slipway.compiler.git;

import dev.slipway.compiler.domain.SourceUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the git CLI: never through a shell, never prompting for credentials, killed after a timeout.
 * Output goes to files rather than pipes so a chatty command cannot block on a full pipe.
 */
final class GitCommand {

  /** What a finished git command gave. */
  record Result(int exitCode, byte[] stdout, String stderr) {

    boolean ok() {
      return exitCode == 0;
    }

    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  private final Path scratch;
  private final Duration timeout;

  GitCommand(Path scratch, Duration timeout) {
    this.scratch = scratch;
    this.timeout = timeout;
  }

  /** @throws SourceUnavailableException when git cannot be started or runs past the timeout */
  Result run(Path directory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(arguments));
    Path stdout = null;
    Path stderr = null;
    try {
      Files.createDirectories(scratch);
      stdout = Files.createTempFile(scratch, "git", ".out");
      stderr = Files.createTempFile(scratch, "git", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      Map<String, String> env = builder.environment();
      env.put("GIT_TERMINAL_PROMPT", "0");
      env.put("LC_ALL", "C");
      env.remove("GIT_ASKPASS");
      env.remove("SSH_ASKPASS");
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new SourceUnavailableException("git " + arguments[0] + " ran longer than " + timeout.toSeconds() + " s");
      }
      return new Result(process.exitValue(), Files.readAllBytes(stdout), Files.readString(stderr).strip());
    } catch (IOException e) {
      throw new SourceUnavailableException("could not run git " + arguments[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException("interrupted while running git " + arguments[0], e);
    } finally {
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }
}
