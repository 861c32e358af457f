package dev.slipway.platform.backoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  void doublesFromTheFirstUpToTheMaximum() {
    assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.after(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(10_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aFirstWaitOfNothingOrAboveTheMaximumIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
