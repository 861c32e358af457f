package dev.slipway.compiler.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a generated entrypoint with a real shell, in a workspace directory, with a given
 * environment.
 */
final class ScriptRunner {

  /** What the script printed on stdout and stderr, and its exit status. */
  record Run(int status, String output, String errors) {

    /**
     * The lines a user's commands printed on stdout, without Slipway's markers and command echoes.
     */
    List<String> userLines() {
      return output
          .lines()
          .filter(
              line ->
                  !line.startsWith("==> slipway ")
                      && !line.startsWith("$ ")
                      && !line.startsWith("> "))
          .toList();
    }
  }

  private ScriptRunner() {}

  static Run run(String shell, String script, Path workspace, Map<String, String> env)
      throws IOException, InterruptedException {
    Path file = workspace.resolve(TaskCompiler.ENTRYPOINT_FILE);
    Files.writeString(file, script);
    List<String> command = new ArrayList<>(List.of(shell.split(" ")));
    command.add(file.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    Path errors = workspace.resolve("stderr.txt");
    builder.directory(workspace.toFile()).redirectError(errors.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the script did not finish: " + output);
    }
    return new Run(process.exitValue(), output, Files.readString(errors));
  }
}
