package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UnreachableRepositoriesTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private Instant now = T0;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final UnreachableRepositories repositories = new UnreachableRepositories(clock, 3, Duration.ofMinutes(10));

  @Test
  void anEventIsTriedItsAttemptsThenGivenUp() {
    assertThat(repositories.failed("e1", "org/gone")).isEqualTo(new UnreachableRepositories.Verdict(1, true));
    assertThat(repositories.failed("e1", "org/gone")).isEqualTo(new UnreachableRepositories.Verdict(2, true));
    assertThat(repositories.failed("e1", "org/gone")).isEqualTo(new UnreachableRepositories.Verdict(3, false));
  }

  @Test
  void afterOneEventGaveUpTheRepositorysNextEventsGetOneTryUntilTheMemoryFades() {
    repositories.failed("e1", "org/gone");
    repositories.failed("e1", "org/gone");
    repositories.failed("e1", "org/gone");

    now = T0.plus(Duration.ofMinutes(5));
    assertThat(repositories.failed("e2", "org/gone").tryAgain()).isFalse();
    assertThat(repositories.failed("e3", "org/other").tryAgain()).as("another repository").isTrue();

    now = T0.plus(Duration.ofMinutes(11));
    assertThat(repositories.failed("e4", "org/gone").tryAgain()).as("five minutes after the last give-up").isFalse();
    now = T0.plus(Duration.ofMinutes(22));
    assertThat(repositories.failed("e5", "org/gone").tryAgain()).as("ten minutes after the last give-up").isTrue();
  }

  @Test
  void aRepositoryReadAgainIsForgivenAtOnce() {
    repositories.failed("e1", "org/flaky");
    repositories.failed("e1", "org/flaky");
    repositories.failed("e1", "org/flaky");

    repositories.read("e2", "org/flaky");

    assertThat(repositories.failed("e3", "org/flaky").tryAgain()).isTrue();
  }
}
