package dev.slipway.ops.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "30s,PT30S", "15m,PT15M", "2h,PT2H", "1d,PT24H"})
  void durationsAreANumberAndAUnit(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @Test
  void aTimeIsAnInstantOrHowLongAgo() {
    assertThat(Durations.parseTime("2026-12-01T02:30:00Z", NOW))
        .isEqualTo(Instant.parse("2026-12-01T02:30:00Z"));
    assertThat(Durations.parseTime("15m", NOW)).isEqualTo(Instant.parse("2026-12-01T02:45:00Z"));
    assertThatThrownBy(() -> Durations.parseTime("yesterday", NOW))
        .hasMessageContaining("not a time: 'yesterday'");
  }

  @ParameterizedTest
  @CsvSource({"PT0.25S,0.250 s", "PT12S,12 s", "PT40M5S,40 min", "PT3H5M,3 h 5 min"})
  void durationsReadAsPeopleWriteThem(Duration duration, String expected) {
    assertThat(Durations.words(duration)).isEqualTo(expected);
  }
}
