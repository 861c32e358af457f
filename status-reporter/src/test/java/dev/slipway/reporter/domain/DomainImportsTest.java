package dev.slipway.reporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain stays plain Java: no framework or outside-system client in it. */
class DomainImportsTest {

  private static final List<String> FORBIDDEN =
      List.of("org.apache.kafka", "io.quarkus", "jakarta.", "io.fabric8", "io.etcd", "org.kohsuke.github",
          "com.fasterxml.jackson", "dev.slipway.platform");

  @Test
  void domainImportsNoFrameworkOrClient() throws IOException {
    Path domain = Path.of("src/main/java/dev/slipway/reporter/domain");
    try (Stream<Path> files = Files.list(domain)) {
      List<String> offending = files
          .flatMap(DomainImportsTest::imports)
          .filter(line -> FORBIDDEN.stream().anyMatch(line::contains))
          .toList();
      assertThat(offending).isEmpty();
    }
  }

  private static Stream<String> imports(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith("import "))
          .map(line -> file.getFileName() + ": " + line);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
