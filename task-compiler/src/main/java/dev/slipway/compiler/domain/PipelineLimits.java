package dev.slipway.compiler.domain;

/**
 * How much one {@code .slipway.yml} may ask for. YAML aliases let a small file name a large result
 * ({@code cmds: [&a "<200 kB>", *a, *a, …]}), so the compiled result is bounded, not only the file.
 *
 * @param maxFileCharacters characters of the file read at most
 * @param maxTasks tasks in one file
 * @param maxCommandsPerTask {@code pre}, {@code cmds} and {@code post} lines of one task together
 * @param maxEntrypointBytes the task's generated entrypoint script, in UTF-8 bytes
 * @param maxEnvBytes names and values of one task's plain environment (its own over the file's), in
 *     UTF-8 bytes
 */
public record PipelineLimits(
    int maxFileCharacters,
    int maxTasks,
    int maxCommandsPerTask,
    int maxEntrypointBytes,
    int maxEnvBytes) {

  public static final PipelineLimits DEFAULTS =
      new PipelineLimits(1_000_000, 100, 1_000, 256 * 1024, 128 * 1024);

  public PipelineLimits {
    if (maxFileCharacters < 1
        || maxTasks < 1
        || maxCommandsPerTask < 1
        || maxEntrypointBytes < 1
        || maxEnvBytes < 1) {
      throw new IllegalArgumentException("every pipeline limit must be at least 1");
    }
  }
}
