package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conmon's k8s-file lines, as podman 4.3 wrote them for {@code echo out; echo err >&2; printf
 * nonl}.
 */
class ContainerLogFileTest {

  private static final String FILE =
      """
      2026-11-30T21:09:55.838420104+00:00 stdout F out
      2026-11-30T21:09:55.838420104+00:00 stdout P non
      2026-11-30T21:09:55.838420105+00:00 stdout P l
      2026-11-30T21:09:55.839144018+00:00 stderr F err
      2026-11-30T21:09:55.839144018+00:00 stdout F\s
      2026-11-30T21:09:55.839144018+00:00 stdout F x y  z
      """;

  @TempDir Path folder;

  @ParameterizedTest(name = "read {0} bytes at a time")
  @ValueSource(ints = {1, 2, 7, 40, 1000})
  void theTaskOutputComesOutWhateverTheChunksAre(int chunk) {
    ContainerLogFile log = new ContainerLogFile(folder.resolve("ctr.log"));
    byte[] file = FILE.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    byte[] text = new byte[chunk];

    for (int offset = 0; offset < file.length; offset += chunk) {
      int length = Math.min(chunk, file.length - offset);
      byte[] part = new byte[length];
      System.arraycopy(file, offset, part, 0, length);
      output.write(text, 0, log.decode(part, length, text));
    }

    assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("out\nnonlerr\n\nx y  z\n");
  }

  @Test
  void aGrowingFileIsReadFromWhereTheLastCopyEnded() throws IOException {
    Path file = folder.resolve("ctr.log");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (ContainerLogFile log = new ContainerLogFile(file)) {
      assertThat(log.copyNew(output)).as("no file yet").isFalse();

      Files.writeString(
          file,
          "2026-11-30T21:09:55.1+00:00 stdout F first\n2026-11-30T21:09:55.2+00:00 stdout F sec");
      assertThat(log.copyNew(output)).isTrue();
      assertThat(log.copyNew(output)).as("nothing new").isFalse();
      Files.writeString(file, "ond\n", StandardOpenOption.APPEND);
      log.copyRest(output);
    }

    assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
  }
}
