package dev.slipway.runner.errors;

import dev.slipway.runner.domain.BuildResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the output of a failed {@code buildah bud} or {@code buildah push} into one line a user can
 * act on. A failing instruction becomes {@code <Dockerfile>:<line>: <instruction>: <error>}:
 * buildah prints {@code STEP n/m: RUN …} before each step and {@code building at STEP "…": <error>}
 * when one fails, and the step is looked up in the Dockerfile. A registry that cannot be reached is
 * told apart (worth retrying), and anything else is an infrastructure error that says so.
 */
public final class BuildahErrors {

  private static final int MAX_DETAIL = 300;
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
  private static final Pattern STEP =
      Pattern.compile("^(?:\\[(\\d+)/\\d+\\] )?STEP (\\d+)/\\d+: (.*)$");
  private static final Pattern BUILDING_AT = Pattern.compile("building at STEP \"(.*?)\": (.*)$");
  private static final List<String> UNREACHABLE =
      List.of(
          "connection refused",
          "no such host",
          "i/o timeout",
          "tls handshake timeout",
          "connection reset by peer",
          "network is unreachable",
          "no route to host",
          "502 bad gateway",
          "503 service unavailable",
          "504 gateway timeout",
          "500 internal server error");
  private static final List<String> IMAGE_MISSING =
      List.of("manifest unknown", "name unknown", "not found");

  private BuildahErrors() {}

  /**
   * Why {@code buildah bud} failed, from its output and the Dockerfile it built ({@code
   * dockerfilePath} as the user named it).
   */
  public static BuildResult ofBuild(
      String output, int exitCode, String dockerfile, String dockerfilePath) {
    List<String> lines = lines(output);
    String error = lastError(lines, exitCode);
    if (unreachable(error)) {
      return new BuildResult.RegistryUnavailable(fit(error));
    }
    DockerfileInstructions instructions = DockerfileInstructions.parse(dockerfile);
    Matcher at = BUILDING_AT.matcher(error);
    if (at.find()) {
      Optional<DockerfileInstructions.Instruction> failed =
          failedStep(lines, instructions, at.group(1));
      return new BuildResult.Failed(describe(dockerfilePath, failed, at.group(1), at.group(2)));
    }
    String lower = error.toLowerCase(Locale.ROOT);
    if (lower.contains("creating build container")
        && IMAGE_MISSING.stream().anyMatch(lower::contains)) {
      Optional<DockerfileInstructions.Instruction> from =
          failedStep(lines, instructions, null).or(instructions::firstFrom);
      return new BuildResult.Failed(
          describe(
              dockerfilePath,
              from,
              "FROM",
              "base image not found: " + error.substring(error.lastIndexOf(':') + 1).strip()));
    }
    if (lower.contains("parse error") || lower.contains("unknown instruction")) {
      return new BuildResult.Failed(fit(dockerfilePath + ": " + error));
    }
    return new BuildResult.Broken(fit("buildah: " + error));
  }

  /** Why {@code buildah push} failed. */
  public static BuildResult ofPush(String output, int exitCode) {
    String error = lastError(lines(output), exitCode);
    return unreachable(error)
        ? new BuildResult.RegistryUnavailable(fit(error))
        : new BuildResult.Broken(fit("pushing the image: " + error));
  }

  private static Optional<DockerfileInstructions.Instruction> failedStep(
      List<String> lines, DockerfileInstructions instructions, String echoed) {
    Optional<DockerfileInstructions.Instruction> byNumber = lastStep(lines, instructions);
    // The step's number says where; its text confirms it (buildah echoes a line it cannot parse
    // oddly).
    if (echoed == null
        || byNumber.isPresent()
            && byNumber.get().normalized().equals(DockerfileInstructions.normalize(echoed))) {
      return byNumber;
    }
    return instructions.reading(echoed).or(() -> byNumber);
  }

  /**
   * The instruction of the last {@code STEP} buildah announced: the one it was at when it stopped.
   */
  private static Optional<DockerfileInstructions.Instruction> lastStep(
      List<String> lines, DockerfileInstructions instructions) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher step = STEP.matcher(lines.get(i));
      if (step.matches()) {
        int stage = step.group(1) == null ? 1 : Integer.parseInt(step.group(1));
        return instructions.at(stage, Integer.parseInt(step.group(2)));
      }
    }
    return Optional.empty();
  }

  private static String describe(
      String path,
      Optional<DockerfileInstructions.Instruction> instruction,
      String echoed,
      String message) {
    String clean = message.replaceAll(" &imagebuilder\\.Step\\{.*$", "").strip();
    String where =
        instruction
            .map(i -> path + ":" + i.line() + ": " + DockerfileInstructions.normalize(i.text()))
            .orElse(path + ": " + DockerfileInstructions.normalize(echoed));
    return fit(where + ": " + clean);
  }

  private static String lastError(List<String> lines, int exitCode) {
    String last = null;
    for (String line : lines) {
      if (line.startsWith("Error: ")) {
        last = line.substring("Error: ".length()).strip();
      } else if (line.startsWith("error ") || line.contains("level=error")) {
        last = last == null ? line.strip() : last;
      }
    }
    return last != null ? last : "buildah exited with code " + exitCode;
  }

  private static boolean unreachable(String error) {
    String lower = error.toLowerCase(Locale.ROOT);
    return UNREACHABLE.stream().anyMatch(lower::contains);
  }

  private static List<String> lines(String output) {
    return ANSI.matcher(output).replaceAll("").lines().toList();
  }

  private static String fit(String line) {
    String one = line.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_DETAIL ? one : one.substring(0, MAX_DETAIL - 1) + "…";
  }
}
