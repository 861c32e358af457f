package dev.slipway.reporter.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MembershipTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final InMemoryGitHub github = new InMemoryGitHub();
  private final MutableClock clock = new MutableClock(T0);
  private final Membership membership = new Membership(github, clock, Duration.ofMinutes(10));

  @Test
  void anAnswerIsRememberedForTheCacheTimeThenAskedAgain() throws Exception {
    github.member("acme", "alice");

    assertThat(membership.isMember("acme/shop", "alice")).isTrue();
    assertThat(membership.isMember("acme/web", "alice"))
        .as("another repository, same org")
        .isTrue();
    assertThat(membership.isMember("acme/shop", "mallory")).isFalse();
    assertThat(github.membershipQuestions).isEqualTo(2);

    github.member("acme", "mallory");
    clock.advance(Duration.ofMinutes(9));
    assertThat(membership.isMember("acme/shop", "mallory")).as("still the remembered no").isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(membership.isMember("acme/shop", "mallory")).isTrue();
    assertThat(github.membershipQuestions).isEqualTo(3);
  }

  @Test
  void theOwnerOfAUsersRepositoryIsItsMemberWithoutAsking() throws Exception {
    assertThat(membership.isMember("alice/dotfiles", "Alice")).isTrue();
    assertThat(membership.isMember("alice/dotfiles", "bob")).isFalse();
    assertThat(membership.isMember("alice/dotfiles", null)).as("no sender").isFalse();
    assertThat(github.membershipQuestions).isEqualTo(1);
  }

  @Test
  void anUnansweredQuestionIsNeitherMemberNorRemembered() throws Exception {
    github.member("acme", "alice");
    github.down = GitHubWriteException.Kind.UNAVAILABLE;

    assertThatThrownBy(() -> membership.isMember("acme/shop", "alice"))
        .isInstanceOf(GitHubWriteException.class);

    github.down = null;
    assertThat(membership.isMember("acme/shop", "alice")).isTrue();
    assertThat(github.membershipQuestions).isEqualTo(1);
  }
}
