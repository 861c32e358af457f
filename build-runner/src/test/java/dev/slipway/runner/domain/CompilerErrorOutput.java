package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.NormalizedError;
import dev.slipway.events.TaskRunStateChanged;

/** A task's output with one compiler error in it, and what a failed run must report of it. */
public final class CompilerErrorOutput {

  public static final String OUTPUT = "compiling\nsrc/app.c:3:5: error: unknown type name 'foo'\n";

  private CompilerErrorOutput() {}

  /** Asserts that {@code failed} ended with {@code exitCode} and names the output's error. */
  public static void assertReported(TaskRunStateChanged failed, int exitCode) {
    assertThat(failed.exitCode()).isEqualTo(exitCode);
    assertThat(failed.errors())
        .containsExactly(new NormalizedError("gcc", "src/app.c", 3, 5, "unknown type name 'foo'"));
    assertThat(failed.detail()).isEqualTo("src/app.c:3:5: unknown type name 'foo'");
  }
}
