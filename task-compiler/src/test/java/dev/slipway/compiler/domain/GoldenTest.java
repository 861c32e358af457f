package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sample {@code .slipway.yml} files beside the exact Dockerfile and entrypoint of each task ({@code
 * golden/<sample>/<task>/}), so a change to the generated layout shows up in review.
 */
class GoldenTest {

  private final PipelineParser parser = new PipelineParser();
  private final TaskCompiler compiler = new TaskCompiler(Duration.ofMinutes(20));

  static Stream<Path> samples() throws IOException, URISyntaxException {
    Path golden = Path.of(GoldenTest.class.getResource("/golden").toURI());
    return Files.list(golden).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void compilesEachTaskToTheExpectedFiles(Path sample) throws Exception {
    Pipeline pipeline = parser.parse(Files.readString(sample.resolve("slipway.yml")));

    try (Stream<Path> expectedTasks = Files.list(sample).filter(Files::isDirectory)) {
      assertThat(expectedTasks.map(dir -> dir.getFileName().toString()).sorted())
          .containsExactlyElementsOf(
              pipeline.tasks().stream().map(Pipeline.Task::name).sorted().toList());
    }
    for (Pipeline.Task task : pipeline.tasks()) {
      CompiledTask compiled = compiler.compile(pipeline, task, secret -> true);
      Path expected = sample.resolve(task.name());
      assertThat(compiled.dockerfile())
          .as(task.name())
          .isEqualTo(read(expected.resolve("Dockerfile")));
      assertThat(compiled.entrypoint())
          .as(task.name())
          .isEqualTo(read(expected.resolve(TaskCompiler.ENTRYPOINT_FILE)));
      assertThat(compiled.contentHash())
          .isEqualTo(Hashes.sha256Hex(compiled.dockerfile(), compiled.entrypoint()));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
