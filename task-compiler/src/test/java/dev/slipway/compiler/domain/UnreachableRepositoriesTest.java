package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnreachableRepositoriesTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final String NOT_FOUND = "git fetch failed for org/gone: not found";

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
  private final UnreachableRepositories repositories =
      new UnreachableRepositories(clock, 3, Duration.ofMinutes(10));
  private final UnreachableRepositories probing =
      new UnreachableRepositories(
          clock,
          3,
          Duration.ofMinutes(10),
          Duration.ofSeconds(30),
          UnreachableRepositories.Store.NONE);

  @Test
  void anEventIsTriedItsAttemptsThenGivenUp() {
    assertThat(repositories.failed("e1", "org/gone", NOT_FOUND))
        .isEqualTo(new UnreachableRepositories.Verdict(1, true));
    assertThat(repositories.failed("e1", "org/gone", NOT_FOUND))
        .isEqualTo(new UnreachableRepositories.Verdict(2, true));
    assertThat(repositories.failed("e1", "org/gone", NOT_FOUND))
        .isEqualTo(new UnreachableRepositories.Verdict(3, false));
  }

  @Test
  void afterOneEventGaveUpTheRepositorysNextEventsGetOneTryUntilTheMemoryFades() {
    giveUp(repositories, "org/gone");

    now = T0.plus(Duration.ofMinutes(5));
    assertThat(repositories.notWorthATry("org/gone"))
        .as("no probe interval: every event is tried")
        .isEmpty();
    assertThat(repositories.failed("e2", "org/gone", NOT_FOUND).tryAgain()).isFalse();
    assertThat(repositories.failed("e3", "org/other", NOT_FOUND).tryAgain())
        .as("another repository")
        .isTrue();

    now = T0.plus(Duration.ofMinutes(11));
    assertThat(repositories.failed("e4", "org/gone", NOT_FOUND).tryAgain())
        .as("five minutes after the last give-up")
        .isFalse();
    now = T0.plus(Duration.ofMinutes(22));
    assertThat(repositories.failed("e5", "org/gone", NOT_FOUND).tryAgain())
        .as("ten minutes after the last give-up")
        .isTrue();
  }

  @Test
  void aRepositoryReadAgainIsForgivenAtOnce() {
    giveUp(repositories, "org/flaky");

    repositories.reached("e2", "org/flaky");

    assertThat(repositories.failed("e3", "org/flaky", NOT_FOUND).tryAgain()).isTrue();
  }

  @Test
  void aKnownUnreachableRepositoryIsNotTriedBetweenProbes() {
    giveUp(probing, "org/gone");

    now = T0.plusSeconds(29);
    assertThat(probing.notWorthATry("org/gone"))
        .contains(
            NOT_FOUND + " (at 2026-11-26T10:00:00Z; not tried again before 2026-11-26T10:00:30Z)");
    assertThat(probing.notWorthATry("org/other")).isEmpty();

    now = T0.plusSeconds(30);
    assertThat(probing.notWorthATry("org/gone")).as("a probe").isEmpty();
    assertThat(probing.failed("e2", "org/gone", NOT_FOUND).tryAgain()).isFalse();
    now = T0.plusSeconds(59);
    assertThat(probing.notWorthATry("org/gone"))
        .as("the failed probe starts the interval again")
        .isPresent();
  }

  @Test
  void aProbeThatReadsTheRepositoryEndsItsMemory() {
    giveUp(probing, "org/back");
    now = T0.plusSeconds(30);

    probing.reached("e2", "org/back");

    assertThat(probing.notWorthATry("org/back")).isEqualTo(Optional.empty());
    assertThat(probing.givenUp()).isEmpty();
  }

  private static void giveUp(UnreachableRepositories memory, String repository) {
    for (int i = 0; i < 3; i++) {
      memory.failed("e1", repository, NOT_FOUND);
    }
  }
}
