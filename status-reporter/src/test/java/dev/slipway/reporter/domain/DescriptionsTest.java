package dev.slipway.reporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DescriptionsTest {

  @ParameterizedTest
  @CsvSource({
    "PT0.85S, 850ms",
    "PT0S, 0ms",
    "PT42S, 42s",
    "PT59.9S, 59s",
    "PT1M12S, 1m12s",
    "PT5M, 5m",
    "PT2H3M40S, 2h3m",
    "PT3H, 3h",
    "PT-1S, 0s"
  })
  void durationsReadAsPeopleWriteThem(Duration duration, String expected) {
    assertThat(Descriptions.duration(duration)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "src/app.py:3:1: F401 'os' imported but unused | src/app.py:3:1: F401 'os' imported but unused",
        "'  two\n lines\t here  ' | two lines here",
      })
  void shortTextsStayAsTheyAreOnOneLine(String text, String expected) {
    assertThat(Descriptions.fit(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"140", "141", "300"})
  void longTextsAreCutAtAWordBoundaryWithinGitHubsLimit(int length) {
    String words =
        "error: expected ';' before '}' token in function main of module parser, ".repeat(10);
    String text = words.substring(0, length);

    String fitted = Descriptions.fit(text);

    assertThat(fitted.codePointCount(0, fitted.length()))
        .isLessThanOrEqualTo(Descriptions.MAX_LENGTH);
    if (length <= Descriptions.MAX_LENGTH) {
      assertThat(fitted).isEqualTo(text.strip());
    } else {
      assertThat(fitted).endsWith("…");
      String kept = fitted.substring(0, fitted.length() - 1);
      assertThat(text).startsWith(kept);
      assertThat(text.charAt(kept.length()))
          .as("cut before a space, not inside a word")
          .isIn(' ', ',');
    }
  }

  @ParameterizedTest
  @CsvSource({"a", "é"})
  void aSingleHugeWordIsCutInsideIt(String letter) {
    String fitted = Descriptions.fit("see " + letter.repeat(500));

    assertThat(fitted.codePointCount(0, fitted.length())).isEqualTo(Descriptions.MAX_LENGTH);
    assertThat(fitted).startsWith("see " + letter).endsWith(letter + "…");
  }
}
