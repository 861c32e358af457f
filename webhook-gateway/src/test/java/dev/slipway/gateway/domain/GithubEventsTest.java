package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.WebhookExamples;
import org.junit.jupiter.api.Test;

class GithubEventsTest {

  @Test
  void everyEventOfGithubsExamplesIsKnown() {
    assertThat(WebhookExamples.all())
        .allSatisfy(example -> assertThat(GithubEvents.isKnown(example.event())).isTrue());
  }

  @Test
  void namesGithubDoesNotSendAreNotKnown() {
    assertThat(GithubEvents.isKnown("made-up")).isFalse();
    assertThat(GithubEvents.isKnown("Push")).isFalse();
    assertThat(GithubEvents.isKnown(null)).isFalse();
  }
}
