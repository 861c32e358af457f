package dev.slipway.reporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstallationTokenTest {

  private static final Instant ISSUED = Instant.parse("2026-12-01T10:00:00Z");
  private final InstallationToken hour =
      new InstallationToken("ghs_x", ISSUED, ISSUED.plus(Duration.ofHours(1)));

  @Test
  void itIsRenewedOnceLessThanTheGivenShareOfItsLifeIsLeft() {
    assertThat(hour.renewalDue(ISSUED, 0.33)).isFalse();
    assertThat(hour.renewalDue(ISSUED.plus(Duration.ofMinutes(40)), 0.33))
        .as("20 minutes 12 seconds left")
        .isFalse();
    assertThat(hour.renewalDue(ISSUED.plus(Duration.ofSeconds(40 * 60 + 13)), 0.33)).isTrue();
    assertThat(hour.renewalDue(ISSUED.plus(Duration.ofMinutes(29)), 0.5)).isFalse();
    assertThat(hour.renewalDue(ISSUED.plus(Duration.ofMinutes(30)), 0.5)).isTrue();
    assertThat(hour.renewalDue(ISSUED.plus(Duration.ofHours(2)), 0.33)).as("expired").isTrue();
  }

  @Test
  void itsTextShowsItsLifeButNotTheToken() {
    assertThat(hour.toString()).doesNotContain("ghs_x").contains("2026-12-01T11:00:00Z");
  }
}
