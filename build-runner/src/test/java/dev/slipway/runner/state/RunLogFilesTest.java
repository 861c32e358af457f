package dev.slipway.runner.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runner.domain.LogTail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunLogFilesTest {

  @TempDir Path folder;

  @ParameterizedTest(name = "limit {0}, writes of {1} bytes")
  @CsvSource({"20, 1", "20, 3", "20, 7", "20, 100", "1048576, 4096"})
  void outputPastTheLimitIsCountedAndDroppedAndTheLogSaysSo(int limit, int writeSize)
      throws IOException {
    RunLogFiles logs = new RunLogFiles(folder, limit, 1024);
    byte[] written = "0123456789".repeat(limit / 5).getBytes(StandardCharsets.US_ASCII);

    try (OutputStream output = logs.truncatingOutput("run-1")) {
      for (int offset = 0; offset < written.length; offset += writeSize) {
        output.write(written, offset, Math.min(writeSize, written.length - offset));
      }
    }

    assertThat(Files.readString(logs.output("run-1")))
        .isEqualTo(
            new String(written, 0, limit, StandardCharsets.US_ASCII)
                + "\n--- log truncated at "
                + RunLogFiles.readable(limit)
                + ": "
                + (written.length - limit)
                + " bytes discarded\n");
  }

  @Test
  void outputUpToTheLimitIsKeptWhole() throws IOException {
    RunLogFiles logs = new RunLogFiles(folder, 12, 1024);

    try (OutputStream output = logs.truncatingOutput("run-1")) {
      output.write("first\n".getBytes(StandardCharsets.UTF_8));
      output.write("last!\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(logs.read("run-1")).isEqualTo("first\nlast!\n");
  }

  @ParameterizedTest(name = "{0} bytes: {1}")
  @CsvSource({"67108864, 64 MB", "262144, 256 kB", "1000, 1000 bytes"})
  void limitsReadAsPeopleWriteThem(long bytes, String readable) {
    assertThat(RunLogFiles.readable(bytes)).isEqualTo(readable);
  }

  @Test
  void theTailStartsWithAWholeLineAndSaysHowMuchCameBefore() throws IOException {
    RunLogFiles logs = new RunLogFiles(folder, 1 << 20, 16);
    logs.step("run-1", "--- clone");
    Files.writeString(logs.output("run-1"), "compiling\nmain.c:1: error\nend\n");
    long length = "--- clone\ncompiling\nmain.c:1: error\nend\n".length();

    LogTail tail = logs.tail("run-1");

    assertThat(tail.text()).isEqualTo("end\n");
    assertThat(tail.skippedBytes()).isEqualTo(length - 4);
    assertThat(tail.length()).isEqualTo(length);
    assertThat(tail.isPartial()).isTrue();
  }

  @Test
  void aShortLogIsItsOwnTail() throws IOException {
    RunLogFiles logs = new RunLogFiles(folder, 1 << 20, 1024);
    logs.step("run-1", "--- clone");
    Files.writeString(logs.output("run-1"), "done\n");

    assertThat(logs.tail("run-1")).isEqualTo(new LogTail("--- clone\ndone\n", 0, 15));
    assertThat(logs.tail("no-log")).isEqualTo(new LogTail("", 0, 0));
  }

  @ParameterizedTest(name = "bytes {0} to {1}")
  @CsvSource({
    "0, 15, '--- clone\ndone\n'",
    "4, 12, 'clone\ndo'",
    "10, 100, 'done\n'",
    "15, 20, ''",
    "30, 40, ''"
  })
  void aRangeOfTheLogIsStreamedAcrossItsTwoFiles(long from, long to, String expected)
      throws IOException {
    RunLogFiles logs = new RunLogFiles(folder, 1 << 20, 1024);
    logs.step("run-1", "--- clone");
    Files.writeString(logs.output("run-1"), "done\n");
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();

    logs.copy("run-1", from, to, streamed);

    assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
  }
}
