package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.state.RunLogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks that write more than fits in a log, run through the podman executor with real podman,
 * conmon's log file and the real registry: the log keeps everything up to the run's limit in order,
 * ends with a line that says what was discarded, and the run ends with the task's own exit code.
 */
class LogLimitIT {

  private static final int LIMIT = 1024 * 1024;
  private static final int NUMBERED_LINES = 20_000;
  private static final String LAST_LINE = "the last line before the flood";
  private static final long FLOOD = 50_000_000;

  private static Path root;
  private static TestRepository repository;

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory("slipway-log-limit");
    repository = TestRepository.create("README", "x\n");
  }

  @ParameterizedTest(name = "exit {0}")
  @ValueSource(ints = {0, 3})
  void outputPastTheLimitIsDiscardedAndTheRunEndsWithItsExitCode(int exitCode) throws Exception {
    RunLogFiles logs = new RunLogFiles(root.resolve("logs-" + exitCode), LIMIT, 64 * 1024);
    String numbered = numberedLines();

    ExecutedTask ran =
        run(
            logs,
            "busybox seq -w 1 "
                + NUMBERED_LINES
                + " | busybox sed 's/^/line /'\n"
                + "echo '"
                + LAST_LINE
                + "'\n"
                + "busybox yes 'flood flood flood' | busybox head -c "
                + FLOOD
                + "\n"
                + "exit "
                + exitCode
                + "\n");

    long written = numbered.length() + LAST_LINE.length() + 1 + FLOOD;
    assertThat(ran.outcome()).isEqualTo(new Outcome.Exited(exitCode));
    assertThat(ran.output())
        .startsWith(numbered + LAST_LINE + "\nflood flood flood\n")
        .endsWith("\n--- log truncated at 1 MB: " + (written - LIMIT) + " bytes discarded\n");
    assertThat(ran.output().length())
        .isEqualTo(
            LIMIT
                + ("\n--- log truncated at 1 MB: " + (written - LIMIT) + " bytes discarded\n")
                    .length());
  }

  /**
   * The 400 MB run of issue #14 kept 19 MB: a log below the limit is kept whole, to its last line.
   */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {40_000_000})
  void aLargeLogBelowTheLimitIsKeptToItsLastLine(int bytes) throws Exception {
    RunLogFiles logs =
        new RunLogFiles(
            root.resolve("logs-whole"), RunLogFiles.DEFAULT_MAX_OUTPUT_BYTES, 64 * 1024);

    ExecutedTask ran =
        run(
            logs,
            "busybox yes 'a line of the build' | busybox head -c "
                + bytes
                + "\n"
                + "echo '"
                + LAST_LINE
                + "'\n"
                + "exit 0\n");

    assertThat(ran.outcome()).isEqualTo(new Outcome.Exited(0));
    assertThat(ran.output().length()).isEqualTo(bytes + LAST_LINE.length() + 1);
    assertThat(ran.output())
        .endsWith("a line of the build\n" + LAST_LINE + "\n")
        .doesNotContain("truncated");
  }

  private static ExecutedTask run(RunLogFiles logs, String entrypoint) throws InterruptedException {
    TaskPlanned task = repository.forkTask().entrypoint(entrypoint).timeoutSeconds(180).build();
    return ExecutedTask.run(PodmanExecutors.under(root).logs(logs).build(), logs, task);
  }

  private static String numberedLines() {
    return IntStream.rangeClosed(1, NUMBERED_LINES)
        .mapToObj(i -> String.format("line %05d%n", i))
        .collect(Collectors.joining());
  }
}
