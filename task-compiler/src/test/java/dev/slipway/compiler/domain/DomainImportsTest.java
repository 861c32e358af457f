package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain stays plain Java: no framework, Kafka or outside-system client in its imports. */
class DomainImportsTest {

  private static final List<String> FORBIDDEN =
      List.of("import io.quarkus", "import jakarta.", "import org.apache.kafka", "import dev.slipway.platform",
          "import io.fabric8", "import io.etcd", "import org.kohsuke", "import com.fasterxml");

  @Test
  void domainSourcesImportNoFramework() throws IOException {
    Path domain = Path.of("src/main/java/dev/slipway/compiler/domain");
    try (Stream<Path> files = Files.list(domain)) {
      List<String> offending =
          files.flatMap(file -> lines(file).filter(line -> FORBIDDEN.stream().anyMatch(line::startsWith))
                  .map(line -> file.getFileName() + ": " + line))
              .toList();
      assertThat(offending).isEmpty();
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
