package dev.slipway.runner.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.NormalizedError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each sample under {@code errors/} is output captured from a tool; {@code <sample>.expected} lists
 * the errors a user should see, one {@code tool | file | line | column | message} per line, "-" for
 * absent. {@code <sample>.xml}, when present, is a JUnit XML report found in the workspace.
 */
class ErrorNormalizerTest {

  private final ErrorNormalizer normalizer = new ErrorNormalizer();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "javac",
        "maven-compiler",
        "surefire",
        "junit",
        "go-build",
        "go-test",
        "python",
        "pytest",
        "tsc",
        "eslint",
        "gcc",
        "clang",
        "generic",
        "success"
      })
  void findsTheErrorsOfEachTool(String sample) throws IOException {
    String log = resource(sample + ".txt");
    String report = resource(sample + ".xml");
    List<NormalizedError> expected =
        resource(sample + ".expected").lines().map(ErrorNormalizerTest::parseExpected).toList();

    List<NormalizedError> errors =
        normalizer.normalize(log, report == null ? List.of() : List.of(report));

    assertThat(errors).containsExactlyElementsOf(expected);
  }

  @Test
  void ignoresColoursAndKeepsTheFirstErrorsOnly() {
    StringBuilder log = new StringBuilder("\u001B[1;31m[ERROR]\u001B[m /w/A.java:[1,2] first\n");
    for (int i = 0; i < 50; i++) {
      log.append("src/a.c:").append(i + 1).append(":1: error: more\n");
    }

    List<NormalizedError> errors = normalizer.normalize(log.toString(), List.of());

    assertThat(errors).hasSize(ErrorNormalizer.MAX_ERRORS);
    assertThat(errors.get(0)).isEqualTo(new NormalizedError("javac", "/w/A.java", 1, 2, "first"));
  }

  @Test
  void aReportThatIsNotXmlOrDeclaresEntitiesYieldsNothing() {
    String entity =
        "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<testsuite><testcase name=\"a\" classname=\"b\"><failure message=\"&x;\"/></testcase></testsuite>";

    assertThat(normalizer.normalize("", List.of("not xml", entity))).isEmpty();
  }

  private static NormalizedError parseExpected(String line) {
    List<String> fields =
        Arrays.stream(line.split(" \\| ", 5))
            .map(field -> field.equals("-") ? null : field)
            .toList();
    return new NormalizedError(
        fields.get(0), fields.get(1), number(fields.get(2)), number(fields.get(3)), fields.get(4));
  }

  private static Integer number(String field) {
    return field == null ? null : Integer.valueOf(field);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ErrorNormalizerTest.class.getResourceAsStream("/errors/" + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
