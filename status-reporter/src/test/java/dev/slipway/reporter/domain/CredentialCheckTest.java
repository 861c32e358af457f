package dev.slipway.reporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialCheckTest {

  private final CredentialCheck check = new CredentialCheck();

  @Test
  void aRefusalIsNewsOnceNotOnEveryWriteThatFollows() {
    assertThat(check.status()).isEqualTo("not checked yet");

    assertThat(check.refused("401 Bad credentials")).isTrue();
    assertThat(check.refused("401 Bad credentials")).isFalse();
    assertThat(check.refused("401 Bad credentials")).isFalse();
    assertThat(check.status()).isEqualTo("refused: 401 Bad credentials");

    assertThat(check.refused("403 Resource not accessible by integration"))
        .as("another reason")
        .isTrue();
  }

  @Test
  void credentialsThatWorkAgainAreNewsAndARefusalAfterThatIsToo() {
    assertThat(check.accepted()).as("the first success is no news").isFalse();
    assertThat(check.status()).isEqualTo("ok");
    check.refused("401 Bad credentials");

    assertThat(check.accepted()).isTrue();
    assertThat(check.accepted()).isFalse();
    assertThat(check.refused("401 Bad credentials")).isTrue();

    check.reset();
    assertThat(check.status()).isEqualTo("not checked yet");
  }
}
